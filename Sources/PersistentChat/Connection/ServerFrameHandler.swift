import NIOCore
import NIOWebSocket

/// Reads one server connection's frames on its event loop: text goes to the ``ServerConnection``, pings are
/// answered, a close is answered and remembered, and a server that falls silent is given up.
final class ServerFrameHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// How long the server may send nothing: it pings every 30 s, so this much silence means it is gone.
    static let silenceLimit: TimeAmount = .seconds(75)

    private let connection: ServerConnection
    private var closeSent = false
    private var ending: PersistentChatError?

    init(connection: ServerConnection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            connection.received(String(buffer: frame.unmaskedData))
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            var payload = frame.unmaskedData
            let code = payload.readWebSocketErrorCode()
            let reason = payload.readString(length: payload.readableBytes) ?? ""
            if ending == nil {
                switch code {
                case nil, .normalClosure?:
                    ending = .connection("the connection is closed")
                case let code?:
                    ending = .connection("the server closed the connection: \(reason.isEmpty ? "close code \(code)" : reason)")
                }
            }
            if closeSent {
                context.close(promise: nil)
            } else {
                // Answer with the server's own code, then close.
                var echo = context.channel.allocator.buffer(capacity: 2)
                if let code { echo.write(webSocketErrorCode: code) }
                let answer = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: echo)
                closeSent = true
                context.writeAndFlush(wrapOutboundOut(answer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
        default:
            break
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if unwrapOutboundIn(data).opcode == .connectionClose { closeSent = true }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            let seconds = Self.silenceLimit.nanoseconds / 1_000_000_000
            ending = ending ?? .connection("the server sent nothing for \(seconds) s; the connection is given up")
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case is NIOWebSocketError, is NIOWebSocketFrameAggregator.Error:
            ending = ending ?? .connection("the server sent a frame this client cannot read: \(error)")
        default:
            ending = ending ?? .connection("the connection failed: \(error)")
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.closed(ending ?? .connection("the connection is closed"))
        context.fireChannelInactive()
    }
}
