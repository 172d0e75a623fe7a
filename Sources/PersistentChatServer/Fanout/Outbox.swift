import HummingbirdWebSocket
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// One connection's outbound side: encoded frames are written straight to its channel, in the order they are sent.
///
/// There is no task or queue per connection: frames are written by the ``EventLoopWriter`` of the channel's event
/// loop, and a message for a whole room takes one event-loop task per loop (``send(_:toAll:)``). A client whose socket stays full while
/// more than `limit` frames pile up in the channel is closed as too slow.
final class Outbox: Sendable {
    /// Identifies the connection in the hub.
    let id: Int
    private let channel: any Channel
    private let writer: EventLoopWriter
    /// Only touched on the channel's event loop.
    private let encoder: NIOLoopBoundBox<ChannelHandlerContext?>
    private let outbound: WebSocketOutboundWriter
    private let limit: Int
    private let state = NIOLockedValueBox(State())

    private struct State {
        var closing: (code: WebSocketErrorCode, reason: String)?
        /// Frames sent while the channel was not writable, since it last was.
        var backlog = 0
    }

    init(id: Int, channel: any Channel, outbound: WebSocketOutboundWriter, limit: Int) {
        self.id = id
        self.channel = channel
        self.writer = EventLoopWriter.of(channel.eventLoop)
        self.encoder = .makeEmptyBox(valueType: ChannelHandlerContext.self, eventLoop: channel.eventLoop)
        self.outbound = outbound
        self.limit = limit
    }

    /// Queues a frame; false when the connection is closing or too slow (it is then closed).
    @discardableResult
    func send(_ frame: ByteBuffer) -> Bool {
        guard admit() else { return false }
        writer.write(frame, to: [self])
        return true
    }

    /// Sends one frame to many connections with one event-loop task per loop rather than one per connection.
    static func send(_ frame: ByteBuffer, toAll outboxes: some Sequence<Outbox>) {
        var byLoop: [ObjectIdentifier: (writer: EventLoopWriter, targets: [Outbox])] = [:]
        for outbox in outboxes where outbox.admit() {
            byLoop[ObjectIdentifier(outbox.writer), default: (outbox.writer, [])].targets.append(outbox)
        }
        // Each loop encodes a frame of its own, so the two loop threads never share a buffer's reference count.
        for (writer, targets) in byLoop.values { writer.write(frame, to: targets) }
    }

    /// The WebSocket frame encoder's context, looked up once on the event loop: frames already encoded are written
    /// from there, straight towards the socket.
    func encoderContext() -> ChannelHandlerContext? {
        if let context = encoder.value { return context }
        let context = try? channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
        encoder.value = context
        return context
    }

    /// Sends what is queued, then closes with `code` and `reason` (the first reason given wins) through the
    /// WebSocket close handshake. A client too slow to take what is queued is disconnected at once.
    func close(_ code: WebSocketErrorCode, reason: String, immediately: Bool = false) {
        let first = state.withLockedValue { state -> Bool in
            guard state.closing == nil else { return false }
            state.closing = (code, reason)
            return true
        }
        guard first else { return }
        if immediately {
            channel.close(promise: nil)
        } else {
            // The close frame goes through the WebSocket handler, after every frame already sent (the event loop
            // runs them in order), and the handler completes the handshake.
            let outbound = outbound
            Task { try? await outbound.close(code, reason: reason) }
        }
    }

    /// Why the connection is being closed, if it is.
    var closeReason: (code: WebSocketErrorCode, reason: String)? {
        state.withLockedValue { $0.closing }
    }

    /// True when a frame may be written; closes a connection whose client stopped reading.
    private func admit() -> Bool {
        let writable = channel.isWritable
        let verdict = state.withLockedValue { state -> Bool? in
            guard state.closing == nil else { return false }
            state.backlog = writable ? 0 : state.backlog + 1
            return state.backlog > limit ? nil : true
        }
        guard let verdict else {
            close(.policyViolation, reason: "client too slow: more than \(limit) frames waiting", immediately: true)
            return false
        }
        return verdict
    }
}
