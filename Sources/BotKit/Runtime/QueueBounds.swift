/// The bounds of the host's queues (host.yaml `queues`): nothing the room, the server or a webhook caller sends can
/// pile up in the host without limit.
package struct QueueBounds: Sendable, Equatable, CustomStringConvertible {
    /// Messages one bot instance holds: handed over and not yet finished and recorded. Past it the instance falls
    /// behind: live messages are passed over, and history catches it up once it has room again.
    package var messages = 256
    /// Room events (joins, leaves, changes) waiting for one instance; past it they are dropped, and counted.
    package var events = 256
    /// Webhook calls waiting for one instance; past it a call is answered 503 with `Retry-After`.
    package var webhooks = 16
    /// Replies one room has posted that the server has not yet answered; past it a reply waits.
    package var replies = 64
    /// Timed-out calls of one instance that ignored their cancellation and still run; while this many run, the
    /// instance starts no new call (its messages wait, and past `messages` it falls behind).
    package var stuckCalls = 8

    package init() {}

    /// The range each bound must be in.
    static let allowed = 1...100_000

    package var description: String {
        "messages \(messages), events \(events), webhooks \(webhooks), replies \(replies), stuck calls \(stuckCalls)"
    }
}
