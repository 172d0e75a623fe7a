import BotKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceHealth
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
        /// The request method.
        public var method: HTTPRequest.Method
        /// The path, without the query.
        public var path: String
        /// The query, without the `?`; nil when there is none.
        public var query: String?
        /// The header fields, in order; look them up by name, e.g. `headers[.authorization]`.
        public var headers: HTTPFields
        /// The body, as text.
        public var body: String
    }

    /// What the stub answers.
    public struct Reply: Sendable {
        /// The HTTP status.
        public var status: HTTPResponse.Status
        /// The header fields sent.
        public var headers: HTTPFields
        /// The body, as text.
        public var body: String

        /// A reply with `status`, `headers` and `body`.
        public init(status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], body: String = "") {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// `body` as `application/json`.
        public static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Reply {
            Reply(status: status, headers: [.contentType: "application/json"], body: body)
        }

        /// `body` as UTF-8 plain text.
        public static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Reply {
            Reply(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: body)
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
        try await start(answeringAsync: { answer($0) })
    }

    /// Starts a stub whose answers may take their time (to keep several calls under way at once, say).
    public static func start(answeringAsync answer: @escaping @Sendable (Request) async -> Reply) async throws -> HTTPStub {
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
    let answer: @Sendable (HTTPStub.Request) async -> HTTPStub.Reply
    let received: RequestLog

    func handle(_ request: Hummingbird.Request, context: Context,
                next: (Hummingbird.Request, Context) async throws -> Response) async throws -> Response {
        let body = try await request.body.collect(upTo: 4 << 20)
        let recorded = HTTPStub.Request(method: request.method, path: request.uri.path, query: request.uri.query,
                                        headers: request.headers, body: String(buffer: body))
        received.items.withLock { $0.append(recorded) }
        let reply = await answer(recorded)
        return Response(status: reply.status, headers: reply.headers, body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }
}

/// The requests a stub got, shared by the stub and its middleware.
private final class RequestLog: Sendable {
    let items = Mutex<[HTTPStub.Request]>([])
}
