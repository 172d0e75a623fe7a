import NIOCore
import NIOWebSocket

/// Sits above the WebSocket frame encoder and tells the ``Outbox`` when a close frame goes out (the WebSocket
/// handler answers a client's close, or times out a ping), so no data frame is written after it.
final class CloseFrameWatcher: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let outbox: Outbox

    init(outbox: Outbox) {
        self.outbox = outbox
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if unwrapOutboundIn(data).opcode == .connectionClose { outbox.wireClosed() }
        context.write(data, promise: promise)
    }
}
