import Foundation
import NIOCore
import NIOWebSocket
import PersistentChat
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
        try await open(address: WebSocketAddress(url + ProtocolLimits.webSocketPath), onText: onText)
    }

    /// Connects to `ws://host:port/path`; `onText` runs on the event loop for every text frame.
    static func open(host: String, port: Int, path: String, onText: @escaping @Sendable (String) -> Void) async throws -> LightSocket {
        try await open(address: WebSocketAddress("ws://\(host):\(port)\(path)"), onText: onText)
    }

    private static func open(address: WebSocketAddress, onText: @escaping @Sendable (String) -> Void) async throws -> LightSocket {
        let channel = try await WebSocketDialer.connect(to: address, frameSizeLimit: 1 << 24) {
            [TextFrameHandler(onText: onText)]
        }
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
