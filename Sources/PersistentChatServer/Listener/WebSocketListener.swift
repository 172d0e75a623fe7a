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
    /// The web client served at `/`, or nil when it is turned off.
    let webClient: WebClientAssets?
    private let connectionIds = Mutex(0)

    init(core: ServerCore, tls: ServerTLS?, readiness: ReadinessProbe, webClient: WebClientAssets?) {
        self.core = core
        self.tls = tls
        self.readiness = readiness
        self.webClient = webClient
    }

    /// The Hummingbird application: chat connections, `GET /health`, `GET /ready`, the file routes and the web client.
    func application(onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let configuration = core.configuration
        let router = Router()
        let readiness = readiness
        OperationsRoutes.add(to: router) { await readiness.missing() }
        FileRoutes(core: core).add(to: router)
        if let webClient {
            // Read at each request: a reload that changes the add-ins changes the frames the page may show.
            let core = core
            WebClientRoutes(assets: webClient, frameOrigins: { core.catalog.addIns.frameOrigins }).add(to: router)
        }
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
