/// Failed sign-ins of one kind (an address, an account, or a pair of both) and the delay they earned.
///
/// Failures add up while they come within `window` of the last failure or the end of the last delay; after `window`
/// of quiet the counter starts again (``isStale(at:window:)``). Past the threshold each failure sets a delay that
/// doubles from the first delay up to the longest.
struct FailureCounter: Sendable {
    /// Failures counted.
    private(set) var failures = 0
    /// Checks started and not finished (a sign-in whose password is being verified).
    private(set) var inFlight = 0
    /// Delays earned so far (each one doubles the next).
    private(set) var delays = 0
    /// The end of the current delay.
    private(set) var blockedUntil: ContinuousClock.Instant?
    /// When it last changed: the least recently used counters are dropped first.
    private(set) var lastUsed: ContinuousClock.Instant

    init(now: ContinuousClock.Instant) {
        lastUsed = now
    }

    /// Whether nothing happened for `window` since the last failure or the end of the last delay.
    func isStale(at now: ContinuousClock.Instant, window: Duration) -> Bool {
        inFlight == 0 && now - Swift.max(lastUsed, blockedUntil ?? lastUsed) >= window
    }

    /// The time left to wait, if delayed at `now`.
    func wait(at now: ContinuousClock.Instant) -> Duration? {
        guard let blockedUntil, blockedUntil > now else { return nil }
        return blockedUntil - now
    }

    /// How many more checks may start now under `threshold`: what is left of it, or one at a time once past it.
    func allowance(threshold: Int) -> Int {
        failures >= threshold ? (inFlight == 0 ? 1 : 0) : threshold - failures - inFlight
    }

    mutating func start(at now: ContinuousClock.Instant) {
        inFlight += 1
        lastUsed = now
    }

    /// A check ended without a failure.
    mutating func finish(at now: ContinuousClock.Instant) {
        inFlight = Swift.max(0, inFlight - 1)
        lastUsed = now
    }

    /// A check failed; past `threshold` it earns the next delay.
    mutating func fail(at now: ContinuousClock.Instant, threshold: Int, delay: (Int) -> Duration) {
        inFlight = Swift.max(0, inFlight - 1)
        failures += 1
        lastUsed = now
        if failures >= threshold {
            delays += 1
            blockedUntil = now + delay(delays)
        }
    }
}

/// Counters by key, at most `capacity` of them: stale ones are dropped, and past the cap the least recently used.
struct FailureCounters<Key: Hashable & Sendable>: Sendable {
    private var counters: [Key: FailureCounter] = [:]
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { counters.count }

    /// The counter for `key` as it stands at `now` (a fresh one when missing or stale).
    func current(_ key: Key, at now: ContinuousClock.Instant, window: Duration) -> FailureCounter {
        guard let counter = counters[key], !counter.isStale(at: now, window: window) else { return FailureCounter(now: now) }
        return counter
    }

    /// The counter for `key` as it stands, if it exists and is not stale.
    func existing(_ key: Key, at now: ContinuousClock.Instant, window: Duration) -> FailureCounter? {
        guard let counter = counters[key], !counter.isStale(at: now, window: window) else { return nil }
        return counter
    }

    /// Changes the counter for `key`, making room first when it is new and the table is full.
    mutating func update(_ key: Key, at now: ContinuousClock.Instant, window: Duration, _ change: (inout FailureCounter) -> Void) {
        var counter = current(key, at: now, window: window)
        change(&counter)
        if counters[key] == nil, counters.count >= capacity { makeRoom(at: now, window: window) }
        counters[key] = counter
    }

    mutating func remove(_ key: Key) {
        counters[key] = nil
    }

    /// Drops the stale counters; when that frees less than an eighth, the least recently used down to 7/8 of the cap.
    private mutating func makeRoom(at now: ContinuousClock.Instant, window: Duration) {
        counters = counters.filter { !$0.value.isStale(at: now, window: window) }
        let target = capacity - Swift.max(1, capacity / 8)
        guard counters.count > target else { return }
        let oldest = counters.sorted { $0.value.lastUsed < $1.value.lastUsed }.prefix(counters.count - target)
        for (key, _) in oldest { counters[key] = nil }
    }
}
