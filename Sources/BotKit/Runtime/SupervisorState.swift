import PersistentChat

/// Everything a ``BotSupervisor`` changes while its instance runs, kept under one lock so that the circuit breaker,
/// the counts and the delivery cursor always change together.
struct SupervisorState: Sendable {
    /// The task that works through the instance's queue.
    var task: Task<Void, Never>?
    /// Writes finished messages to the ledger, in order, and releases them from the backlog.
    var recorder: Task<Void, Never>?
    /// The instance's timers, cancelled when it stops.
    var timers: [Task<Void, Never>] = []
    /// The id the next queued job gets.
    var nextJob = 0
    /// Jobs in the queue, by id, with whom to tell how they ended: a job still queued when the instance stops is
    /// told so (nil), so no caller waits forever.
    var waitingJobs: [Int: WaitingJob] = [:]
    /// Webhook calls among ``waitingJobs``, at most `bounds.webhooks`.
    var webhookJobs = 0
    /// Room events in the queue (joins, leaves, changes), at most `bounds.events`.
    var eventsHeld = 0
    /// Room messages held, against `bounds.messages`.
    var backlog: MessageBacklog
    let bounds: QueueBounds
    /// Timers whose tick waits in the queue: a slow bot gets one tick late, not a pile of them.
    var pendingTicks: Set<Int> = []
    var breaker: CircuitBreaker
    var counts: BotStatistics
    var cursor: DeliveryCursor

    init(breaker: CircuitBreaker, counts: BotStatistics, cursor: DeliveryCursor, bounds: QueueBounds = QueueBounds()) {
        self.breaker = breaker
        self.counts = counts
        self.cursor = cursor
        self.bounds = bounds
        backlog = MessageBacklog(limit: bounds.messages)
    }

    /// A job in the queue: whom to tell how it ended, and whether it is a webhook call (counted against its bound).
    struct WaitingJob {
        let done: @Sendable (HandlerOutcome?) -> Void
        let webhook: Bool
    }

    /// What became of a message offered to the instance.
    enum Offer {
        /// Queued (and held).
        case queued
        /// Handed over before, or finished already.
        case known
        /// Not queued: the instance is behind; history hands it over later.
        case passedOver(fellBehind: Bool)
    }

    /// Offers message `id`, live or from the room's history. A live message is passed over while the instance is
    /// behind; any message is passed over (and the instance falls behind) when it holds its bound.
    mutating func offer(_ id: Int64, live: Bool) -> Offer {
        guard cursor.isNew(id) else { return .known }
        if (live && backlog.behind) || backlog.isFull {
            let wasBehind = backlog.behind
            backlog.passOver(id)
            if live { counts.passedOver += 1 }
            return .passedOver(fellBehind: !wasBehind)
        }
        _ = cursor.admit(id)
        backlog.hold()
        return .queued
    }

    /// Whether the breaker has the instance disabled.
    var isDisabled: Bool {
        if case .open = breaker.state { true } else { false }
    }

    /// Files `done` under a new job id and returns the id.
    mutating func addJob(_ done: @escaping @Sendable (HandlerOutcome?) -> Void) -> Int {
        defer { nextJob += 1 }
        waitingJobs[nextJob] = WaitingJob(done: done, webhook: false)
        return nextJob
    }

    /// Files a webhook call's `done` under a new job id and returns the id; nil (and counted) when `bounds.webhooks`
    /// calls wait already.
    mutating func addWebhookJob(_ done: @escaping @Sendable (HandlerOutcome?) -> Void) -> Int? {
        guard webhookJobs < bounds.webhooks else {
            counts.webhooksRefused += 1
            return nil
        }
        webhookJobs += 1
        defer { nextJob += 1 }
        waitingJobs[nextJob] = WaitingJob(done: done, webhook: true)
        return nextJob
    }

    /// Removes and returns whom to tell how job `id` ended; nil when it was told already.
    mutating func takeJob(_ id: Int) -> (@Sendable (HandlerOutcome?) -> Void)? {
        guard let job = waitingJobs.removeValue(forKey: id) else { return nil }
        if job.webhook { webhookJobs -= 1 }
        return job.done
    }

    /// Removes every waiting job and returns whom to tell (the instance stops).
    mutating func takeAllJobs() -> [@Sendable (HandlerOutcome?) -> Void] {
        defer {
            waitingJobs.removeAll()
            webhookJobs = 0
        }
        return waitingJobs.values.map(\.done)
    }

    /// Whether room event `event` may be queued: instance and connection events always are; joins, leaves and
    /// changes while fewer than `bounds.events` wait (else counted as dropped).
    mutating func admitEvent(_ event: BotEvent) -> Bool {
        switch event {
        case .participantJoined, .participantLeft, .privilegeChanged, .roomPropertiesChanged:
            guard eventsHeld < bounds.events else {
                counts.eventsDropped += 1
                return false
            }
            eventsHeld += 1
            return true
        case .instanceStarted, .instanceStopping, .invitationAccepted, .endpointConnected, .endpointDisconnected, .endpointResumed:
            return true
        }
    }

    /// A room event left the queue.
    mutating func eventTaken(_ event: BotEvent) {
        switch event {
        case .participantJoined, .participantLeft, .privilegeChanged, .roomPropertiesChanged:
            eventsHeld = max(0, eventsHeld - 1)
        case .instanceStarted, .instanceStopping, .invitationAccepted, .endpointConnected, .endpointDisconnected, .endpointResumed:
            break
        }
    }

    /// When the breaker refuses message `id` at `now`: counts it skipped, finishes it and returns the new watermark.
    /// Nil when the message may start.
    mutating func skipIfDisabled(_ id: Int64, at now: Duration) -> Int64? {
        guard !breaker.admits(at: now) else { return nil }
        counts.skipped += 1
        return cursor.finish(id)
    }

    /// Message `id`, queued, answered a question the instance asked: it is finished without a call. Returns the new
    /// watermark.
    mutating func answered(_ id: Int64) -> Int64 {
        counts.answers += 1
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
