import Foundation
import Hummingbird
import HummingbirdWebSocket
import Synchronization
import NIOCore
import NIOWebSocket

/// The fan-out baseline: a bare WebSocket server on the same NIO and Hummingbird stack as pchatd, without storage
/// or protocol. Every text frame a client sends is written to every connected client, encoded once.
enum BroadcastServer {
    /// Runs until killed; prints `url=ws://127.0.0.1:PORT` on standard error when listening.
    static func run() async throws {
        let clients = Mutex<[Int: AsyncStream<ByteBuffer>.Continuation]>([:])
        let ids = Mutex(0)
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws("/pchat/v1") { _, _ in .upgrade() } onUpgrade: { inbound, outbound, _ in
            let id = ids.withLock { $0 += 1; return $0 }
            let (frames, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingOldest(65536))
            clients.withLock { $0[id] = continuation }
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await frame in frames {
                        try? await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: frame)))
                    }
                }
                do {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        let buffer = ByteBuffer(string: text)
                        for client in clients.withLock({ Array($0.values) }) { client.yield(buffer) }
                    }
                } catch {}
                clients.withLock { $0[id] = nil }
                continuation.finish()
            }
        }
        let app = Application(
            router: Router(),
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "bench-broadcast"),
            onServerRunning: { channel in
                FileHandle.standardError.write(Data("listening url=ws://127.0.0.1:\(channel.localAddress?.port ?? 0) \n".utf8))
            })
        try await app.runService()
    }
}
