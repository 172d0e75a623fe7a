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
        let webSocketRouter = Router(context: WebSocketConnectionContext.self)
        webSocketRouter.ws(RouterPath(ProtocolLimits.webSocketPath)) { _, _ in
            .upgrade()
        } onUpgrade: { inbound, outbound, context in
            await serve(inbound: inbound, outbound: outbound, channel: context.requestContext.channel)
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
    /// Two tasks: the reader queues text frames (so it keeps reading, and control frames such as pongs are seen,
    /// however long a command takes), and the command task handles them in order. Frames out are written straight
    /// to the channel by the ``Outbox``.
    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel) async {
        let limits = core.configuration.limits
        let (commands, commandInput) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(limits.outboundQueue))
        let id = connectionIds.withLockedValue { value in
            value += 1
            return value
        }
        let outbox = Outbox(id: id, channel: channel, outbound: outbound, limit: limits.outboundQueue)
        do {
            try await outbox.attach()
        } catch {
            core.logger.debug("connection closed before it could be served: \(error)")
            return
        }
        let core = core
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var connection = ClientConnection(core: core, outbox: outbox, logger: core.logger)
                for await text in commands {
                    await connection.handle(text)
                    if connection.isClosing { break }
                }
                await connection.disconnect()
                // Posts still being committed are acknowledged before the connection ends.
                await connection.pendingAcks.drain()
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
            // The client closed, or this side did: nothing more goes out (a close frame may already have).
            outbox.stop()
            commandInput.finish()
        }
        // This side's close code and reason reach the client before the WebSocket handler closes on its own.
        await outbox.closeSent()
    }
}
