import PersistentChat

/// The time source of the bot runtime: handler timeouts and circuit-breaker cool-downs are measured on it, so a
/// test can run them on a virtual clock.
public protocol BotClock: Sendable {
    /// Time elapsed since an arbitrary, fixed origin.
    var now: Duration { get }
    /// Suspends for `duration` of this clock's time; throws `CancellationError` if the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The machine's monotonic clock.
public struct SystemBotClock: BotClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Duration { ContinuousClock.now - origin }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
