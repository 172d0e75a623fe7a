import NIOCore

/// What `limits.connections` asks of a socket before it is served: a place under the caps, and a request head
/// within the request timeout.
struct ConnectionAdmission: Sendable {
    let gate: ConnectionGate
    let events: ConnectionEvents
    let limits: ConnectionLimits

    init(limits: ConnectionLimits, events: ConnectionEvents) {
        self.limits = limits
        self.events = events
        gate = ConnectionGate(limits: limits, events: events)
    }

    /// How long the request head may take, and a kept-alive HTTP connection may idle.
    var requestTimeout: Duration { limits.requestTimeout }

    /// Takes a place for `channel` (just accepted); when the caps are reached, sets its pipeline up to answer 503 and
    /// close, and returns true.
    func refuse(_ channel: any Channel) throws -> Bool {
        guard let refusal = gate.admit(channel) else { return false }
        // A refused socket counts nowhere, so it is kept only briefly: long enough for the request it may be sending to
        // arrive (closing before would reset the socket and lose the answer), not long enough to pile up.
        let grace = Swift.min(limits.requestTimeout, .seconds(1))
        try channel.pipeline.syncOperations.addHandler(RefusedConnectionHandler(refusal, timeout: TimeAmount(grace)))
        return true
    }

    /// Closes `channel` unless `negotiated` (the first request head understood) completes within the request timeout.
    func requireRequest<Value>(on channel: any Channel, before negotiated: EventLoopFuture<Value>) {
        let events = events
        let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(limits.requestTimeout)) {
            events.record(.noRequestInTime, address: channel.remoteAddress.flatMap(ConnectionGate.sourceKey))
            channel.close(promise: nil)
        }
        negotiated.whenComplete { _ in deadline.cancel() }
    }
}
