import CurlHTTP
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// An in-process Hummingbird server on 127.0.0.1 with an ephemeral port, counting requests.
final class TestServer: Sendable {
    let port: Int
    private let counter: RequestCounter
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, counter: RequestCounter, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.counter = counter
        self.group = group
        self.task = task
    }

    /// `http://127.0.0.1:PORT`
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Number of requests that reached the server.
    var requestCount: Int { counter.value }

    struct StartFailure: Error {}

    static func start() async throws -> TestServer {
        let counter = RequestCounter()
        let router = Router()
        router.add(middleware: CountingMiddleware(counter: counter))
        TestRoutes.register(on: router)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "curlhttp-test-server")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            _ = await task.result
            throw StartFailure()
        }
        return TestServer(port: port, counter: counter, group: group, task: task)
    }

    /// Stops the server gracefully and waits until it has shut down. (Cancelling it instead could drop a connection
    /// accepted in that instant, which NIO treats as a fatal error.)
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// Runs `body` with a fresh server and client, always shutting both down afterwards.
func withServerAndClient(
    policy: HTTPClientPolicy = .loopbackAllowed,
    _ body: (TestServer, CurlHTTPClient) async throws -> Void
) async throws {
    let server = try await TestServer.start()
    var logger = Logger(label: "curlhttp-test-client")
    logger.logLevel = .critical
    let client = CurlHTTPClient(policy: policy, logger: logger)
    do {
        try await body(server, client)
    } catch {
        await client.shutdown()
        await server.stop()
        throw error
    }
    await client.shutdown()
    await server.stop()
}

extension HTTPClientPolicy {
    /// A policy for tests: 127.0.0.1 may be reached, short timeouts.
    static var loopbackAllowed: HTTPClientPolicy {
        HTTPClientPolicy(connectTimeout: .seconds(2), totalTimeout: .seconds(10), allowedHosts: ["127.0.0.1"])
    }
}

final class RequestCounter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func increment() { count.withLock { $0 += 1 } }
}

struct CountingMiddleware<Context: RequestContext>: RouterMiddleware {
    let counter: RequestCounter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        counter.increment()
        return try await next(request, context)
    }
}
