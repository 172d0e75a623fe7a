import Foundation
import HTTPTypes
import Hummingbird

/// The routes operators and load balancers ask a daemon (pchatd, bothost): `GET /health`, answered `ok` while the
/// process runs, and `GET /ready`, answered 200 `{"ready":true}` when it can serve, or 503
/// `{"ready":false,"missing":[…]}` naming each part that cannot.
public enum OperationsRoutes {
    /// Adds `/health` and `/ready` to `router`; `missing` says what is not ready (empty when all is).
    public static func add<Context: RequestContext>(to router: Router<Context>,
                                                    missing: @escaping @Sendable () async -> [String]) {
        router.get("/health") { _, _ in "ok\n" }
        router.get("/ready") { _, _ in readiness(missing: await missing()) }
    }

    /// The answer to `/ready` for `missing`.
    public static func readiness(missing: [String]) -> Response {
        let body: [String: Any] = missing.isEmpty ? ["ready": true] : ["ready": false, "missing": missing]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return Response(status: missing.isEmpty ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: Array(data) + [0x0A])))
    }
}
