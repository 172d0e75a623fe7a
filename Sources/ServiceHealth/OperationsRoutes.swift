import Foundation
import HTTPTypes
import Hummingbird

/// The routes operators, load balancers and Prometheus ask a daemon (pchatd, bothost): `GET /health`, answered `ok`
/// while the process runs; `GET /ready`, answered 200 `{"ready":true}` when it can serve, or 503
/// `{"ready":false,"missing":[…]}` naming each part that cannot; and `GET /metrics`, the daemon's metrics.
public enum OperationsRoutes {
    /// Adds `/health` and `/ready` to `router`, and `/metrics` when `metrics` is given; `missing` says what is not
    /// ready (empty when all is).
    public static func add<Context: RequestContext>(to router: Router<Context>, metrics: MetricsRegistry? = nil,
                                                    missing: @escaping @Sendable () async -> [String]) {
        router.get("/health") { _, _ in "ok\n" }
        router.get("/ready") { _, _ in readiness(missing: await missing()) }
        if let metrics {
            router.get("/metrics") { _, _ in
                Response(status: .ok, headers: [.contentType: MetricsRegistry.contentType],
                         body: .init(byteBuffer: ByteBuffer(string: await metrics.exposition())))
            }
        }
    }

    /// The answer to `/ready` for `missing`.
    public static func readiness(missing: [String]) -> Response {
        let body: [String: Any] = missing.isEmpty ? ["ready": true] : ["ready": false, "missing": missing]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return Response(status: missing.isEmpty ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: Array(data) + [0x0A])))
    }
}
