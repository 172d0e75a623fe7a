import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A real HTTP server on 127.0.0.1 for bots that call out: it answers every request with what the test says, and
/// keeps the requests it got.
///
/// ```swift
/// let stub = try await HTTPStub.start { request in
///     request.path == "/status/api" ? .json(#"{"state":"green"}"#) : .text("no such service", status: 404)
/// }
/// // configure the bot with stub.url("/status/{name}") and allow_hosts: ["127.0.0.1"]
/// ```
public final class HTTPStub: Sendable {
    /// A request the stub got.
    public struct Request: Sendable, Equatable {
        public var method: String
        /// The path, without the query.
        public var path: String
        public var query: String?
        /// Header values by lowercased name (repeated headers joined with `, `).
        public var headers: [String: String]
        public var body: String
    }

    /// What the stub answers.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String

        public init(status: Int = 200, headers: [String: String] = [:], body: String = "") {
            self.status = status
            self.headers = headers
            self.body = body
        }

        public static func json(_ body: String, status: Int = 200) -> Reply {
            Reply(status: status, headers: ["Content-Type": "application/json"], body: body)
        }

        public static func text(_ body: String, status: Int = 200) -> Reply {
            Reply(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: body)
        }
    }

    /// The port the stub listens on, on 127.0.0.1.
    public let port: Int
    private let received: RequestLog
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, received: RequestLog, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.received = received
        self.group = group
        self.task = task
    }

    /// Starts a stub on a free loopback port; `answer` is called for every request.
    public static func start(_ answer: @escaping @Sendable (Request) -> Reply) async throws -> HTTPStub {
        let received = RequestLog()
        let router = Router()
        router.add(middleware: StubMiddleware(answer: answer, received: received))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "http-stub")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            _ = try? await task.value
            throw HTTPStubError()
        }
        return HTTPStub(port: port, received: received, group: group, task: task)
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The requests so far, in order.
    public var requests: [Request] { received.items.withLock { $0 } }

    /// Stops the stub, letting requests under way finish.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

/// Answers every request from the test's closure, recording it.
private struct StubMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let answer: @Sendable (HTTPStub.Request) -> HTTPStub.Reply
    let received: RequestLog

    func handle(_ request: Hummingbird.Request, context: Context,
                next: (Hummingbird.Request, Context) async throws -> Response) async throws -> Response {
        let body = try await request.body.collect(upTo: 4 << 20)
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        let recorded = HTTPStub.Request(method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
                                        headers: headers, body: String(buffer: body))
        received.items.withLock { $0.append(recorded) }
        let reply = answer(recorded)
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let key = HTTPField.Name(name) { fields[key] = value }
        }
        return Response(status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }
}

/// The stub could not listen on a loopback port.
public struct HTTPStubError: Error, CustomStringConvertible {
    public var description: String { "the HTTP stub could not listen on 127.0.0.1" }
}

/// The requests a stub got, shared by the stub and its middleware.
private final class RequestLog: Sendable {
    let items = Mutex<[HTTPStub.Request]>([])
}
