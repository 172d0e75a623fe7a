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
    /// Messages that answered a question the instance asked (``BotContext/ask(_:of:timeout:)``), handed to no handler.
    public var answers = 0
    /// Events (``BotEvent``), timer ticks, schedule slots, jobs and webhook calls handed to the instance, whatever
    /// their outcome.
    public var events = 0
    /// Timed-out calls that ignored their cancellation and still run.
    public var stillRunning = 0
    /// Whether the circuit breaker has the instance disabled now.
    public var disabled = false
    /// Messages the instance holds now: queued or being handled, and not yet recorded (at most host.yaml's
    /// `queues.messages`).
    public var queued = 0
    /// The most messages it has held at once.
    public var mostQueued = 0
    /// Live messages passed over while it was behind (its queue full); history handed them over later.
    public var passedOver = 0
    /// Room events dropped because `queues.events` of them were waiting already.
    public var eventsDropped = 0
    /// Webhook calls answered 503 because `queues.webhooks` of them were waiting already.
    public var webhooksRefused = 0
}
