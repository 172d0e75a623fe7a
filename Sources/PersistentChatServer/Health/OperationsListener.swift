import Hummingbird
import ServiceHealth
import YAMLConfig

/// server.yaml's `metrics.listen`: `/metrics`, `/health` and `/ready` on an address of their own, for Prometheus and
/// load balancers, apart from the chat port.
enum OperationsListener {
    /// The listener's application; `onListening` hears the bound port.
    static func application(core: ServerCore, readiness: ReadinessProbe, address: HostAndPort,
                            onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        OperationsRoutes.add(to: router, metrics: core.metrics.registry) { await readiness.missing() }
        return Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "pchatd"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? address.port) },
            logger: core.logger)
    }
}
