import Logging
import NIOCore
import NIOWebSocket

/// Serves one upgraded chat connection on its event loop: text frames go to the connection's ``CommandRunner``,
/// control frames are answered here, the client is pinged, and every close goes through the ``Outbox``.
final class ChatConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame

    /// Commands that may wait while `establish` is checked (each at most `unestablished_frame_size`): what an
    /// unauthenticated connection can make the server hold.
    static let commandsBeforeEstablish = 8

    /// How often an idle client is pinged; a ping still unanswered at the next one closes the connection.
    static let pingInterval: TimeAmount = .seconds(30)

    private let core: ServerCore
    private let id: Int
    private var outbox: Outbox?
    private var runner: CommandRunner?
    private var pinger: RepeatedTask?
    private var awaitingPong = false
    /// Closes the connection unless `establish` has succeeded in time (`limits.connections.establish_timeout`).
    private var establishDeadline: Scheduled<Void>?
    private let events: ConnectionEvents

    init(core: ServerCore, id: Int, events: ConnectionEvents) {
        self.core = core
        self.id = id
        self.events = events
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let limits = core.configuration.limits
        do {
            let outbox = try Outbox(id: id, context: context, byteLimit: limits.connections.outboundBytes, logger: core.logger, events: events)
            self.outbox = outbox
            runner = CommandRunner(connection: ClientConnection(core: core, outbox: outbox, logger: core.logger, remoteAddress: context.channel.remoteAddress),
                                   limit: limits.outboundQueue)
        } catch {
            core.logger.error("cannot serve a connection: \(error)")
            context.close(promise: nil)
            return
        }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        pinger = context.eventLoop.scheduleRepeatedTask(initialDelay: Self.pingInterval, delay: Self.pingInterval) { _ in
            handler.value.ping()
        }
        establishDeadline = context.eventLoop.scheduleTask(in: TimeAmount(limits.connections.establishTimeout)) {
            handler.value.establishTimedOut()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let outbox, let runner else { return }
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            guard outbox.closeReason == nil else { return }
            let payload = frame.unmaskedData
            guard payload.readableBytes <= core.configuration.limits.connections.unestablishedFrameSize || outbox.isEstablished else {
                events.record(.frameBeforeEstablishTooLarge, address: context.remoteAddress.flatMap(ConnectionGate.sourceKey))
                let limit = core.configuration.limits.connections.unestablishedFrameSize
                outbox.abort(.messageTooLarge, reason: "frame larger than \(limit) bytes before establish")
                return
            }
            guard let text = String(validating: payload.readableBytesView, as: UTF8.self) else {
                outbox.close(.dataInconsistentWithMessage, reason: "text frames must be valid UTF-8")
                return
            }
            if outbox.isEstablished {
                if !runner.submit(text) {
                    let limit = core.configuration.limits.outboundQueue
                    outbox.close(.policyViolation, reason: "more than \(limit) commands are waiting; slow down")
                }
            } else if !runner.submit(text, waitingAtMost: Self.commandsBeforeEstablish) {
                // Unauthenticated: nothing queued is owed to it, so the close goes out now and the socket with it.
                outbox.abort(.policyViolation, reason: "more than \(Self.commandsBeforeEstablish) commands sent before establish was answered")
            }
        case .binary:
            outbox.close(.unacceptableData, reason: "binary frames are not part of protocol v1; send JSON text frames")
        case .ping:
            outbox.writeControl(.pong, payload: frame.unmaskedData)
        case .pong:
            awaitingPong = false
        case .connectionClose:
            outbox.peerClosed(echoing: frame.unmaskedData)
        default:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let outbox else {
            context.close(promise: nil)
            return
        }
        let limit = core.configuration.limits.frameSize
        switch error {
        case NIOWebSocketError.invalidFrameLength, NIOWebSocketFrameAggregator.Error.accumulatedFrameSizeIsTooLarge,
             NIOWebSocketFrameAggregator.Error.tooManyFragments:
            outbox.abort(.messageTooLarge, reason: "frame larger than \(limit) bytes")
        case is NIOWebSocketError, is NIOWebSocketFrameAggregator.Error:
            outbox.abort(.protocolError, reason: "not a valid WebSocket frame: \(error)")
        default:
            core.logger.debug("connection failed: \(error)")
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            outbox?.close(.goingAway, reason: "the server is shutting down")
        } else if case ChannelEvent.inputClosed = event {
            // The client closed its side without a close frame: nothing more can come, and its place is freed.
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        pinger?.cancel()
        pinger = nil
        establishDeadline?.cancel()
        outbox?.stop()
        // The connection leaves its rooms after the commands already queued.
        runner?.finish()
        context.fireChannelInactive()
    }

    /// Closes a connection that has not established in time (a refused `establish` has closed it already).
    private func establishTimedOut() {
        guard let outbox, !outbox.isEstablished, outbox.closeReason == nil else { return }
        let timeout = core.configuration.limits.connections.establishTimeout
        events.record(.noEstablishInTime)
        core.logger.debug("closing a connection that did not establish in time", metadata: ["connection": "\(id)"])
        outbox.abort(.policyViolation, reason: "no successful establish within \(timeout)")
    }

    private func ping() {
        guard let outbox else { return }
        if awaitingPong {
            outbox.close(.goingAway, reason: "no answer to a ping in \(Self.pingInterval.nanoseconds / 1_000_000_000) s")
            return
        }
        awaitingPong = true
        outbox.writeControl(.ping, payload: ByteBuffer())
    }
}
