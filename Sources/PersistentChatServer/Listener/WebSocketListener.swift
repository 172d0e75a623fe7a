import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Synchronization
import NIOCore
import PersistentChatProtocol
import ServiceHealth

/// Serves protocol v1 on WebSocket connections at ``ProtocolLimits/webSocketPath``, and HTTP beside it.
final class WebSocketListener: Sendable {
    let core: ServerCore
    let tls: ServerTLS?
    let readiness: ReadinessProbe
    private let connectionIds = Mutex(0)

    init(core: ServerCore, tls: ServerTLS?, readiness: ReadinessProbe) {
        self.core = core
        self.tls = tls
        self.readiness = readiness
    }

    /// The Hummingbird application: chat connections, `GET /health`, `GET /ready`, the file routes and the web client.
    func application(onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let configuration = core.configuration
        let router = Router()
        let readiness = readiness
        OperationsRoutes.add(to: router) { await readiness.missing() }
        FileRoutes(core: core).add(to: router)
        let assets = (ProcessInfo.processInfo.environment["PCHATD_WEB_CLIENT_ASSETS"]).flatMap { try? WebClientAssets.load(folder: $0) }
        WebClientRoutes(assets: assets ?? WebClientAssets.embeddedCopy, frameOrigins: { [] }).add(to: router)
        let core = core
        let tls = tls
        let events = ConnectionEvents(logger: core.logger, metrics: core.metrics)
        let admission = ConnectionAdmission(limits: configuration.limits.connections, events: events)
        // Weakly: the gate's events hold these metrics.
        let openSockets: @Sendable () -> Int = { [weak gate = admission.gate] in gate?.openCount ?? 0 }
        core.metrics.openSockets.withLock { $0 = openSockets }
        let server = HTTPServerBuilder { responder in
            ChatChildChannel(responder: responder, frameSize: configuration.limits.frameSize, tls: tls, admission: admission) {
                let id = self.connectionIds.withLock { value in
                    value += 1
                    return value
                }
                return ChatConnectionHandler(core: core, id: id, events: events)
            }
        }
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "pchatd"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                core.boundPort.withLock { $0 = port }
                await onListening(port)
            },
            logger: core.logger)
    }
}
