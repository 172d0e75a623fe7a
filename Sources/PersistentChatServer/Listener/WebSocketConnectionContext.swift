import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of the WebSocket route: it keeps the connection's channel, which the ``Outbox`` writes to.
struct WebSocketConnectionContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    /// The connection's channel.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}
