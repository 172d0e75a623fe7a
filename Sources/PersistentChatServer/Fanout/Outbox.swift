import HummingbirdWebSocket
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// One connection's outbound side: encoded frames are written straight to its channel, in the order they are sent.
///
/// There is no task or queue per connection: frames are written by the ``EventLoopWriter`` of the channel's event
/// loop, and a message for a whole room takes one event-loop task per loop (``send(_:toAll:)``). A client whose
/// socket stays full while more than `limit` frames pile up in the channel is disconnected as too slow.
final class Outbox: Sendable {
    /// Identifies the connection in the hub.
    let id: Int
    private let channel: any Channel
    private let writer: EventLoopWriter
    private let outbound: WebSocketOutboundWriter
    private let limit: Int
    private let state = NIOLockedValueBox(State())
    /// What the event loop knows of the connection's wire; set by ``attach()``, only touched on the loop.
    private let wire: NIOLoopBoundBox<Wire?>

    private struct State {
        var closing: (code: WebSocketErrorCode, reason: String)?
        /// Set once nothing more may be sent: the connection is closing or gone.
        var stopped = false
        /// Completed once the close handshake this side started has sent its close frame.
        var handshake: Promise<Void>?
        /// Frames sent while the channel was not writable, since it last was.
        var backlog = 0
    }

    private struct Wire {
        /// Frames already encoded are written from the WebSocket frame encoder's context, towards the socket.
        let encoder: ChannelHandlerContext
        /// Set when a close frame went out: no data frame may follow it.
        var closed = false
    }

    init(id: Int, channel: any Channel, outbound: WebSocketOutboundWriter, limit: Int) {
        self.id = id
        self.channel = channel
        self.writer = EventLoopWriter.of(channel.eventLoop)
        self.outbound = outbound
        self.limit = limit
        self.wire = .makeEmptyBox(valueType: Wire.self, eventLoop: channel.eventLoop)
    }

    /// Finds the frame encoder and watches for close frames; call once, before the first frame is sent.
    func attach() async throws {
        try await channel.eventLoop.submit { [self] in
            let pipeline = channel.pipeline.syncOperations
            let encoder = try pipeline.context(handlerType: WebSocketFrameEncoder.self)
            try pipeline.addHandler(CloseFrameWatcher(outbox: self), position: .after(encoder.handler))
            wire.value = Wire(encoder: encoder)
        }.get()
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
        for (writer, targets) in byLoop.values { writer.write(frame, to: targets) }
    }

    /// Sends what was queued before, then closes with `code` and `reason` through the WebSocket close handshake (the
    /// first reason given wins). A client too slow to take what is queued is disconnected at once.
    func close(_ code: WebSocketErrorCode, reason: String, immediately: Bool = false) {
        let first = state.withLockedValue { state -> Bool in
            guard state.closing == nil else { return false }
            state.closing = (code, reason)
            state.stopped = true
            if !immediately { state.handshake = Promise() }
            return true
        }
        guard first else { return }
        if immediately {
            channel.close(promise: nil)
        } else {
            writer.close(self)
        }
    }

    /// Why the connection is being closed, if it is.
    var closeReason: (code: WebSocketErrorCode, reason: String)? {
        state.withLockedValue { $0.closing }
    }

    /// The connection stopped reading (the peer closed, or the server did): nothing more is sent.
    func stop() {
        state.withLockedValue { $0.stopped = true }
    }

    /// Waits until the close handshake this side started has sent its close frame (at once if there is none), so
    /// that it is this side's code and reason the client gets.
    func closeSent() async {
        guard let handshake = state.withLockedValue({ $0.handshake }) else { return }
        await handshake.value
    }

    // MARK: On the event loop (EventLoopWriter, CloseFrameWatcher)

    /// The encoder's context while data frames may still be written; nil once a close frame went out.
    func openEncoder() -> ChannelHandlerContext? {
        guard let wire = wire.value, !wire.closed else { return nil }
        return wire.encoder
    }

    /// A close frame went out (ours or the WebSocket handler's): no data frame may follow.
    func wireClosed() {
        wire.value?.closed = true
    }

    /// Reached in the writer's queue after every frame sent before ``close(_:reason:immediately:)``: starts the close
    /// handshake, and disconnects a client that does not answer it.
    func startCloseHandshake() {
        wireClosed()
        let (closing, handshake) = state.withLockedValue { ($0.closing, $0.handshake) }
        guard let (code, reason) = closing, let handshake else { return }
        let outbound = outbound
        Task {
            try? await outbound.close(code, reason: reason)
            handshake.fulfill(())
        }
        let channel = channel
        channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
    }

    /// True when a frame may be written; closes a connection whose client stopped reading.
    private func admit() -> Bool {
        let writable = channel.isWritable
        let verdict = state.withLockedValue { state -> Bool? in
            guard !state.stopped else { return false }
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
