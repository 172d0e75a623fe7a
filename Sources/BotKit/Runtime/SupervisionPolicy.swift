import PersistentChat

/// How the host supervises one bot instance (room-file keys `timeout`, `concurrency` and `breaker`).
package struct SupervisionPolicy: Sendable, Equatable {
    /// How long one handler call may run before it is cancelled.
    package var timeout: Duration = .seconds(30)
    /// How many messages the instance may handle at once; 1 keeps the room's order.
    package var concurrency = 1
    /// Failed or timed-out calls in a row that disable the instance.
    package var breakerFailures = 5
    /// How long a disabled instance rests before one message is tried again.
    package var breakerCoolDown: Duration = .seconds(60)

    package init() {}
}
