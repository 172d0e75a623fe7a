import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import PersistentChatProtocol

/// A WebSocket client whose frames are handled right on the event loop, with no task or stream per connection.
/// The auditorium and fan-out receivers use it: thousands of them share the load generator's two cores with the
/// server, and the async client costs several task wake-ups per frame.
final class LightSocket: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects to pchatd's protocol path on `url` (`ws://host:port`, as a ``BenchServer`` gives it).
    static func open(url: String, onText: @escaping @Sendable (String) -> Void) async throws -> LightSocket {
        guard let components = URLComponents(string: url), let host = components.host, let port = components.port else {
            throw BenchError("not a ws://host:port URL: \(url)")
        }
        return try await open(host: host, port: port, path: ProtocolLimits.webSocketPath, onText: onText)
    }

    /// Connects to `ws://host:port/path`; `onText` runs on the event loop for every text frame.
    static func open(host: String, port: Int, path: String, onText: @escaping @Sendable (String) -> Void) async throws -> LightSocket {
        let upgraded: EventLoopFuture<(any Channel)?> = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketClientUpgrader<(any Channel)?>(maxFrameSize: 1 << 24) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(TextFrameHandler(onText: onText))
                            return channel
                        }
                    }
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: "\(host):\(port)")
                    headers.add(name: "Content-Length", value: "0")
                    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                    let upgrade = NIOTypedHTTPClientUpgradeConfiguration<(any Channel)?>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(nil) })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: .init(upgradeConfiguration: upgrade))
                }
            }
        guard let channel = try await upgraded.get() else { throw BenchError("\(host):\(port)\(path) refused the WebSocket upgrade") }
        return LightSocket(channel: channel)
    }

    /// Sends a text frame (masked, as a client must).
    func send(_ text: String) {
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text))
        channel.writeAndFlush(frame, promise: nil)
    }

    /// Closes the connection and waits for it.
    func close() async {
        try? await channel.close()
    }
}

/// Hands each text frame to a closure; answers pings; closes on a close frame.
private final class TextFrameHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    let onText: @Sendable (String) -> Void

    init(onText: @escaping @Sendable (String) -> Void) {
        self.onText = onText
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            onText(String(buffer: frame.unmaskedData))
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }
}
