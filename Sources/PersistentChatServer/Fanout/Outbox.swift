import Logging
import Synchronization
import NIOCore
import NIOWebSocket

/// One connection's outbound side: encoded frames are written straight to its channel, in the order they are sent.
///
/// There is no task or queue per connection: frames are written by the ``EventLoopWriter`` of the channel's event
/// loop, and a message for a whole room takes one event-loop task per loop (``send(_:toAll:)``).
///
/// What waits for the client is bounded in bytes (`limits.connections.outbound_bytes`): the frames sent and not yet
/// handed to the channel, the bytes the channel holds and the socket has not taken (NIO's count), and for each ping or
/// pong not yet written ``controlFrameAllowance`` more. A frame that would take that past the limit disconnects the
/// client as too slow. The channel's count is read only while it is not writable (above NIO's high watermark, 64 KiB):
/// below it nothing more is checked, so one frame larger than the limit still goes to a client that keeps up.
final class Outbox: Sendable {
    /// What a ping or pong waiting to be written counts beyond its bytes: the bookkeeping of its write, so that a flood
    /// of tiny pongs is bounded by what it costs.
    static let controlFrameAllowance = 256

    /// Identifies the connection in the hub.
    let id: Int
    private let channel: any Channel
    private let writer: EventLoopWriter
    private let byteLimit: Int
    private let logger: Logger
    private let events: ConnectionEvents
    private let state = Mutex(State())
    /// Bytes of frames sent and not yet handed to the channel (waiting in the writer's queue).
    private let unwritten = Atomic<Int>(0)
    /// What the event loop knows of the connection's wire; only touched on the loop.
    private let wire: NIOLoopBoundBox<Wire>

    private struct State {
        var closing: (code: WebSocketErrorCode, reason: String)?
        /// Set once nothing more may be sent: the connection is closing or gone.
        var stopped = false
        /// Set when the client was disconnected for not reading.
        var cutOff = false
        /// Set once `establish` has succeeded.
        var established = false
    }

    private struct Wire {
        /// Frames, encoded already, are written from the WebSocket frame encoder's context, towards the socket.
        let encoder: ChannelHandlerContext
        /// Set when a close frame went out: no frame may follow it.
        var closed = false
        /// Pings and pongs written and not yet taken by the socket.
        var pendingControlFrames = 0
    }

    /// Created on the event loop by the connection's handler (`context`), once the WebSocket upgrade is done;
    /// `byteLimit` bounds what may wait for the client.
    init(id: Int, context: ChannelHandlerContext, byteLimit: Int, logger: Logger, events: ConnectionEvents) throws {
        self.id = id
        self.channel = context.channel
        self.writer = EventLoopWriter.of(context.eventLoop)
        self.byteLimit = byteLimit
        self.logger = logger
        self.events = events
        let encoder = try context.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
        self.wire = NIOLoopBoundBox(Wire(encoder: encoder), eventLoop: context.eventLoop)
    }

    /// Queues a frame; false when the connection is closing or too slow (it is then closed).
    @discardableResult
    func send(_ frame: ByteBuffer) -> Bool {
        guard admit(EventLoopWriter.encodedSize(ofPayload: frame.readableBytes)) else { return false }
        writer.write(frame, to: [self])
        return true
    }

    /// Sends one frame to many connections with one event-loop task per loop rather than one per connection.
    static func send(_ frame: ByteBuffer, toAll outboxes: some Sequence<Outbox>) {
        var byLoop: [ObjectIdentifier: (writer: EventLoopWriter, targets: [Outbox])] = [:]
        let size = EventLoopWriter.encodedSize(ofPayload: frame.readableBytes)
        for outbox in outboxes where outbox.admit(size) {
            byLoop[ObjectIdentifier(outbox.writer), default: (outbox.writer, [])].targets.append(outbox)
        }
        for (writer, targets) in byLoop.values { writer.write(frame, to: targets) }
    }

    /// Sends what was queued before, then closes with `code` and `reason` through the WebSocket close handshake (the
    /// first reason given wins); `immediately` closes the socket at once instead, dropping what is queued.
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

    /// Records that `establish` succeeded.
    func markEstablished() {
        state.withLock { $0.established = true }
    }

    /// Whether `establish` has succeeded.
    var isEstablished: Bool {
        state.withLock { $0.established }
    }

    /// Whether the client was disconnected for not reading (what it asked for is no longer worth running).
    var isCutOff: Bool {
        state.withLock { $0.cutOff }
    }

    /// Records the first reason to close; false if the connection was already closing.
    private func beginClosing(_ code: WebSocketErrorCode, _ reason: String, cutOff: Bool = false) -> Bool {
        state.withLock { state -> Bool in
            guard state.closing == nil else { return false }
            state.closing = (code, reason)
            state.stopped = true
            state.cutOff = cutOff
            return true
        }
    }

    // MARK: On the event loop (the connection's handler, EventLoopWriter)

    /// The encoder's context while frames may still be written; nil once a close frame went out.
    func openEncoder() -> ChannelHandlerContext? {
        wire.value.closed ? nil : wire.value.encoder
    }

    /// Writes a ping or pong at once (control frames may go between data frames); it counts towards the byte limit
    /// until the socket has taken it.
    func writeControl(_ opcode: WebSocketOpcode, payload: ByteBuffer) {
        guard let encoder = openEncoder() else { return }
        let frame = EventLoopWriter.encodeFrame(opcode, payload)
        guard fits(frame.readableBytes + Self.controlFrameAllowance, evenIfWritable: true) else { return }
        wire.value.pendingControlFrames += 1
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let wire = wire
        promise.futureResult.whenComplete { _ in wire.value.pendingControlFrames -= 1 }
        encoder.writeAndFlush(NIOAny(IOData.byteBuffer(frame)), promise: promise)
    }

    /// Called by the writer for a frame of `bytes` (as counted by ``send(_:)``) it is about to hand to the channel:
    /// the encoder's context to write it with, or nil when the connection is closing or the frame would take what
    /// waits for the client past the limit (the client is then disconnected).
    func handOver(_ bytes: Int) -> ChannelHandlerContext? {
        unwritten.subtract(bytes, ordering: .relaxed)
        guard let encoder = openEncoder(), fits(bytes, evenIfWritable: false) else { return nil }
        return encoder
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

    /// True when a frame of `bytes` may be sent; closes a connection whose writer's queue alone holds more than the
    /// limit (its event loop is behind; the channel's share is checked there, by ``handOver(_:)``).
    private func admit(_ bytes: Int) -> Bool {
        guard !state.withLock({ $0.stopped }) else { return false }
        let waiting = unwritten.add(bytes, ordering: .relaxed).newValue
        guard waiting > byteLimit else { return true }
        unwritten.subtract(bytes, ordering: .relaxed)
        cutOff(waiting: waiting)
        return false
    }

    /// On the loop: whether `bytes` more may go to the channel. Below NIO's high watermark (the channel is writable)
    /// that is not checked unless `evenIfWritable`.
    private func fits(_ bytes: Int, evenIfWritable: Bool) -> Bool {
        guard evenIfWritable || !channel.isWritable else { return true }
        let buffered = (try? channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        let waiting = buffered + unwritten.load(ordering: .relaxed) + bytes
            + wire.value.pendingControlFrames * Self.controlFrameAllowance
        guard waiting > byteLimit else { return true }
        cutOff(waiting: waiting)
        return false
    }

    /// Disconnects a client that does not read what is sent to it; what waits is dropped.
    private func cutOff(waiting: Int) {
        let reason = "client too slow: more than \(byteLimit) bytes waiting to be sent"
        guard beginClosing(.policyViolation, reason, cutOff: true) else { return }
        logger.notice("disconnected a client that does not read", metadata: [
            "connection": "\(id)", "waiting_bytes": "\(waiting)", "limit": "\(byteLimit)"])
        events.record(.tooSlow, address: channel.remoteAddress.flatMap(ConnectionGate.sourceKey))
        channel.close(promise: nil)
    }
}
