import NIOCore

/// Serves a socket refused by the ``ConnectionGate``: once the client's request starts to arrive, answers
/// `503 Service Unavailable` with the reason as a text body and closes; a client that sends nothing within the
/// request timeout is closed without an answer.
///
/// The answer waits for the request so that the close does not reset a socket whose request is still unread (the
/// client would then lose the answer).
final class RefusedConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let refusal: ConnectionGate.Refusal
    private let timeout: TimeAmount
    private var answered = false
    private var deadline: Scheduled<Void>?

    init(_ refusal: ConnectionGate.Refusal, timeout: TimeAmount) {
        self.refusal = refusal
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        answered = true
        deadline?.cancel()
        let body = refusal.message + "\n"
        let response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nRetry-After: 10\r\nConnection: close\r\n\r\n" + body
        let channel = context.channel
        context.writeAndFlush(NIOAny(ByteBuffer(string: response))).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent || event as? ChannelEvent == .inputClosed {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
