import PersistentChat

/// Everything a ``BotSupervisor`` changes while its instance runs, kept under one lock so that the circuit breaker,
/// the counts and the delivery cursor always change together.
struct SupervisorState: Sendable {
    /// The task that works through the instance's queue.
    var task: Task<Void, Never>?
    /// The instance's timers, cancelled when it stops.
    var timers: [Task<Void, Never>] = []
    /// The id the next queued job gets.
    var nextJob = 0
    /// Jobs in the queue, by id, with whom to tell how they ended: a job still queued when the instance stops is
    /// told so (nil), so no caller waits forever.
    var waitingJobs: [Int: @Sendable (HandlerOutcome?) -> Void] = [:]
    /// Timers whose tick waits in the queue: a slow bot gets one tick late, not a pile of them.
    var pendingTicks: Set<Int> = []
    var breaker: CircuitBreaker
    var counts: BotStatistics
    var cursor: DeliveryCursor

    init(breaker: CircuitBreaker, counts: BotStatistics, cursor: DeliveryCursor) {
        self.breaker = breaker
        self.counts = counts
        self.cursor = cursor
    }

    /// Whether the breaker has the instance disabled.
    var isDisabled: Bool {
        if case .open = breaker.state { true } else { false }
    }

    /// Files `done` under a new job id and returns the id.
    mutating func addJob(_ done: @escaping @Sendable (HandlerOutcome?) -> Void) -> Int {
        defer { nextJob += 1 }
        waitingJobs[nextJob] = done
        return nextJob
    }

    /// Removes and returns whom to tell how job `id` ended; nil when it was told already.
    mutating func takeJob(_ id: Int) -> (@Sendable (HandlerOutcome?) -> Void)? {
        waitingJobs.removeValue(forKey: id)
    }

    /// When the breaker refuses message `id` at `now`: counts it skipped, finishes it and returns the new watermark.
    /// Nil when the message may start.
    mutating func skipIfDisabled(_ id: Int64, at now: Duration) -> Int64? {
        guard !breaker.admits(at: now) else { return nil }
        counts.skipped += 1
        return cursor.finish(id)
    }

    /// A message's call ended with `outcome` at `now` (not `.stopped`): the cursor, the counts and the breaker
    /// record it together. Returns the new watermark and what the breaker did.
    mutating func finish(_ id: Int64, outcome: HandlerOutcome, at now: Duration)
        -> (watermark: Int64, transition: CircuitBreaker.Transition?) {
        let watermark = cursor.finish(id)
        switch outcome {
        case .completed:
            counts.handled += 1
            return (watermark, breaker.recordSuccess())
        case .failed:
            counts.failed += 1
        case .timedOut:
            counts.timedOut += 1
        case .stopped:
            return (watermark, nil)
        }
        return (watermark, breaker.recordFailure(at: now))
    }
}
