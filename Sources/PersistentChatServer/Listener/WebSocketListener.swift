import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket
import PersistentChatProtocol

/// Serves protocol v1 on WebSocket connections at ``ProtocolLimits/webSocketPath``.
struct WebSocketListener: Sendable {
    let core: ServerCore
    private let connectionIds = NIOLockedValueBox(0)

    init(core: ServerCore) {
        self.core = core
    }

    /// The Hummingbird application: the WebSocket route plus `GET /health`.
    func application(onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let configuration = core.configuration
        let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
        webSocketRouter.ws(RouterPath(ProtocolLimits.webSocketPath)) { _, _ in
            .upgrade()
        } onUpgrade: { inbound, outbound, context in
            await serve(inbound: inbound, outbound: outbound)
        }
        let router = Router()
        router.get("/health") { _, _ in "ok\n" }
        FileRoutes(core: core).add(to: router)
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSocketRouter,
                configuration: .init(ws: .init(maxFrameSize: configuration.limits.frameSize, validateUTF8: true))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "pchatd"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: core.logger)
    }

    /// Runs one connection until either side closes it.
    ///
    /// Three tasks: the reader queues text frames (so it keeps reading, and control frames such as pongs are seen,
    /// however long a command takes), the command task handles them in order, and the writer drains the outbox.
    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let limits = core.configuration.limits
        let (frames, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingOldest(limits.outboundQueue))
        let (commands, commandInput) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(limits.outboundQueue))
        let id = connectionIds.withLockedValue { value in
            value += 1
            return value
        }
        let outbox = Outbox(id: id, continuation: continuation)
        let core = core
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in frames {
                    do {
                        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: frame)))
                    } catch {
                        break
                    }
                }
                if let (code, reason) = outbox.closeReason {
                    try? await outbound.close(code, reason: reason)
                }
            }
            group.addTask {
                var connection = ClientConnection(core: core, outbox: outbox, logger: core.logger)
                for await text in commands {
                    await connection.handle(text)
                    if connection.isClosing { break }
                }
                await connection.disconnect()
                // Posts still being committed are acknowledged before the outbox ends and the writer stops.
                await connection.pendingAcks.drain()
                continuation.finish()
            }
            do {
                reading: for try await message in inbound.messages(maxSize: limits.frameSize) {
                    switch message {
                    case .text(let text):
                        if case .dropped = commandInput.yield(text) {
                            outbox.close(.policyViolation, reason: "more than \(limits.outboundQueue) commands are waiting; slow down")
                            break reading
                        }
                    case .binary:
                        outbox.close(.unacceptableData, reason: "binary frames are not part of protocol v1; send JSON text frames")
                        break reading
                    }
                    if outbox.closeReason != nil { break reading }
                }
            } catch {
                core.logger.debug("connection ended: \(error)")
                outbox.close(.messageTooLarge, reason: "frame larger than \(limits.frameSize) bytes")
            }
            commandInput.finish()
        }
    }
}
