import PersistentChat

/// What one bot instance has done since the host started it.
public struct BotStatistics: Sendable, Equatable {
    /// `type#index`, as in the logs.
    public var name: String
    /// The room the instance serves.
    public var room: String
    /// Calls that returned normally.
    public var handled = 0
    /// Calls that threw.
    public var failed = 0
    /// Calls cancelled at their timeout.
    public var timedOut = 0
    /// Messages not handed to the instance because its circuit breaker had it disabled.
    public var skipped = 0
    /// Events (``BotEvent``), timer ticks and webhook calls handed to the instance, whatever their outcome.
    public var events = 0
    /// Timed-out calls that ignored their cancellation and still run.
    public var stillRunning = 0
    /// Whether the circuit breaker has the instance disabled now.
    public var disabled = false
}
