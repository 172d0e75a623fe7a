import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import ServiceLifecycle

/// A real HTTP server on 127.0.0.1 that answers `GET /status/NAME` with JSON and counts requests.
struct LoopbackHTTPServer: Sendable {
    let port: Int
    private let counter: NIOLockedValueBox<Int>
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    var requests: Int { counter.withLockedValue { $0 } }

    static func start() async throws -> LoopbackHTTPServer {
        let counter = NIOLockedValueBox(0)
        let router = Router()
        router.get("/status/:name") { _, context -> Response in
            counter.withLockedValue { $0 += 1 }
            let name = context.parameters.get("name")?.removingPercentEncoding ?? ""
            let body = #"{"status":{"indicator":"green for \#(name)"}}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(string: body)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "loopback-http")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return LoopbackHTTPServer(port: port, counter: counter, group: group, task: task)
    }

    /// Stops the server gracefully (cancelling it could drop a connection accepted in that instant, which NIO treats
    /// as a fatal error).
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

import Logging
