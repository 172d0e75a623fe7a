import Synchronization
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
    private let limit: Int
    private let state = Mutex(State())
    /// What the event loop knows of the connection's wire; only touched on the loop.
    private let wire: NIOLoopBoundBox<Wire>

    private struct State {
        var closing: (code: WebSocketErrorCode, reason: String)?
        /// Set once nothing more may be sent: the connection is closing or gone.
        var stopped = false
        /// Frames sent while the channel was not writable, since it last was.
        var backlog = 0
    }

    private struct Wire {
        /// Frames, encoded already, are written from the WebSocket frame encoder's context, towards the socket.
        let encoder: ChannelHandlerContext
        /// Set when a close frame went out: no frame may follow it.
        var closed = false
    }

    /// Created on the event loop by the connection's handler (`context`), once the WebSocket upgrade is done.
    init(id: Int, context: ChannelHandlerContext, limit: Int) throws {
        self.id = id
        self.channel = context.channel
        self.writer = EventLoopWriter.of(context.eventLoop)
        self.limit = limit
        let encoder = try context.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
        self.wire = NIOLoopBoundBox(Wire(encoder: encoder), eventLoop: context.eventLoop)
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
        guard beginClosing(code, reason) else { return }
        if immediately {
            channel.close(promise: nil)
        } else {
            writer.close(self)
        }
    }

    /// Why the connection is being closed, if it is.
    var closeReason: (code: WebSocketErrorCode, reason: String)? {
        state.withLock { $0.closing }
    }

    /// The connection is gone: nothing more is sent.
    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Records the first reason to close; false if the connection was already closing.
    private func beginClosing(_ code: WebSocketErrorCode, _ reason: String) -> Bool {
        state.withLock { state -> Bool in
            guard state.closing == nil else { return false }
            state.closing = (code, reason)
            state.stopped = true
            return true
        }
    }

    // MARK: On the event loop (the connection's handler, EventLoopWriter)

    /// The encoder's context while frames may still be written; nil once a close frame went out.
    func openEncoder() -> ChannelHandlerContext? {
        wire.value.closed ? nil : wire.value.encoder
    }

    /// Writes a ping or pong at once (control frames may go between data frames).
    func writeControl(_ opcode: WebSocketOpcode, payload: ByteBuffer) {
        guard let encoder = openEncoder() else { return }
        encoder.writeAndFlush(NIOAny(IOData.byteBuffer(EventLoopWriter.encodeFrame(opcode, payload))), promise: nil)
    }

    /// Reached in the writer's queue after every frame sent before ``close(_:reason:immediately:)``: sends the close
    /// frame, and disconnects a client that does not answer it within 10 s.
    func startCloseHandshake() {
        guard let (code, reason) = closeReason else { return }
        writeCloseFrame(code, reason: reason)
        let channel = channel
        channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
    }

    /// The input cannot be read any further (an oversized or malformed frame): sends the close frame now, dropping
    /// what is queued, and closes without waiting for an answer.
    func abort(_ code: WebSocketErrorCode, reason: String) {
        _ = beginClosing(code, reason)
        if let (code, reason) = closeReason { writeCloseFrame(code, reason: reason) }
        channel.close(promise: nil)
    }

    /// The client sent a close frame: answers it (unless this side's went out first) and closes the socket.
    func peerClosed(echoing payload: ByteBuffer) {
        var payload = payload
        let code = payload.readInteger(as: UInt16.self).map { WebSocketErrorCode(codeNumber: Int($0)) } ?? .normalClosure
        _ = beginClosing(code, "")
        writeCloseFrame(code, reason: "")
        channel.close(promise: nil)
    }

    private func writeCloseFrame(_ code: WebSocketErrorCode, reason: String) {
        guard let encoder = openEncoder() else { return }
        wire.value.closed = true
        var payload = ByteBuffer()
        payload.write(webSocketErrorCode: code)
        // A close frame's payload is at most 125 bytes: the code and up to 123 bytes of reason, whole characters.
        var cut = Substring(reason)
        while cut.utf8.count > 123 { cut = cut.dropLast() }
        payload.writeString(String(cut))
        encoder.writeAndFlush(NIOAny(IOData.byteBuffer(EventLoopWriter.encodeFrame(.connectionClose, payload))), promise: nil)
    }

    /// True when a frame may be written; closes a connection whose client stopped reading.
    private func admit() -> Bool {
        let writable = channel.isWritable
        let verdict = state.withLock { state -> Bool? in
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
