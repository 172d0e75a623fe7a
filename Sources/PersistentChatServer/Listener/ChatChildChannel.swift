import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOSSL
import NIOWebSocket
import PersistentChatProtocol

/// One accepted socket: plain HTTP/1 (health, file transfers) through Hummingbird's responder, or, once upgraded at
/// ``ProtocolLimits/webSocketPath``, a chat connection served by channel handlers on its event loop.
///
/// A chat connection keeps no task: Hummingbird's per-connection task ends as soon as the upgrade is done, and the
/// ``ChatConnectionHandler`` takes over. Graceful shutdown still reaches it, as a quiesce event.
struct ChatChildChannel: ServerChildChannel, HTTPChannelHandler {
    /// What the first request turned the socket into.
    enum Negotiated: Sendable {
        case chat
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// An upgrade was asked for somewhere other than the protocol path.
        case refusedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// Over a connection cap: ``RefusedConnectionHandler`` answers 503.
        case overCapacity
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let frameSize: Int
    /// server.yaml `tls`: each socket begins with a TLS handshake using the context current when it was accepted.
    let tls: ServerTLS?
    /// `limits.connections`: the caps on open sockets and the request timeout.
    let admission: ConnectionAdmission
    /// Creates the handler that serves an upgraded connection.
    let makeConnection: @Sendable () -> ChatConnectionHandler

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.current)) }
            if try admission.refuse(channel) { return Value(negotiated: channel.eventLoop.makeSucceededFuture(.overCapacity), channel: channel) }
            let upgradeAsked = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            let frameSize = frameSize
            let makeConnection = makeConnection
            let upgrader = NIOTypedWebSocketServerUpgrader<Negotiated>(
                maxFrameSize: frameSize,
                enableAutomaticErrorHandling: false,
                shouldUpgrade: { channel, head in
                    upgradeAsked.value = true
                    let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                    return channel.eventLoop.makeSucceededFuture(path == ProtocolLimits.webSocketPath ? HTTPHeaders() : nil)
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        let aggregator = NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024, maxAccumulatedFrameSize: frameSize)
                        try channel.pipeline.syncOperations.addHandler(aggregator)
                        try channel.pipeline.syncOperations.addHandler(makeConnection())
                        return .chat
                    }
                })
            let upgrade = NIOTypedHTTPServerUpgradeConfiguration(upgraders: [upgrader]) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: tls != nil))
                    try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(idleTimeout: admission.requestTimeout, logger: logger))
                    let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                    return upgradeAsked.value ? .refusedUpgrade(http) : .http(http)
                }
            }
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<Negotiated>(upgradeConfiguration: upgrade)
            configuration.enablePipelining = false
            // A request that is not HTTP gets 400 Bad Request and the socket is closed.
            configuration.enableErrorHandling = true
            configuration.enableResponseHeaderValidation = false
            let negotiated = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            admission.requireRequest(on: channel, before: negotiated)
            try channel.pipeline.syncOperations.addHandler(ParserErrorCloser())
            return Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .chat, .overCapacity:
                return
            case .http(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refusedUpgrade(let http):
                try await http.executeThenClose { _, outbound in
                    let head = HTTPResponse(status: .notFound, headerFields: [.connection: "close", .contentLength: "0"])
                    try await outbound.write(contentsOf: [.head(head), .end(nil)])
                }
            }
        } catch {
            logger.debug("connection ended before it was served: \(error)")
            try? await value.channel.close()
        }
    }
}

/// Closes a socket whose bytes are not HTTP, once NIO's protocol error handler has answered 400 Bad Request: until
/// the first request is understood no other handler would, and the peer (a TLS client, say) would wait forever.
private final class ParserErrorCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError {
            context.close(promise: nil)
        } else {
            context.fireErrorCaught(error)
        }
    }
}
