import BotKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
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

    private let listener: HTTPListener
    private let received: RequestLog

    private init(listener: HTTPListener, received: RequestLog) {
        self.listener = listener
        self.received = received
    }

    /// Starts a stub on a free loopback port; `answer` is called for every request. Throws ``HTTPListenError`` when
    /// it cannot listen.
    public static func start(_ answer: @escaping @Sendable (Request) -> Reply) async throws -> HTTPStub {
        let received = RequestLog()
        let router = Router()
        router.add(middleware: StubMiddleware(answer: answer, received: received))
        var logger = Logger(label: "http-stub")
        logger.logLevel = .warning
        return HTTPStub(listener: try await HTTPListener.start(router, host: "127.0.0.1", port: 0, logger: logger), received: received)
    }

    /// The port the stub listens on, on 127.0.0.1.
    public var port: Int { listener.port }

    /// `http://127.0.0.1:PORT` followed by `path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The requests so far, in order.
    public var requests: [Request] { received.items.withLock { $0 } }

    /// Stops the stub, letting requests under way finish.
    public func stop() async {
        await listener.stop()
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

/// The requests a stub got, shared by the stub and its middleware.
private final class RequestLog: Sendable {
    let items = Mutex<[HTTPStub.Request]>([])
}
