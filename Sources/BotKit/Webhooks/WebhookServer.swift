import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// The host's HTTP listener for bots' webhooks (host.yaml `webhooks`): `POST /hooks/ROOM/BOT/PATH` with the host's
/// token as `Authorization: Bearer TOKEN`. Each call is queued with the bot's messages and answered with what the
/// bot returns: 401 without the token, 404 for no such webhook, 413 over 1 MiB, 503 while the bot is disabled or
/// stopping, 504 past its timeout, 500 when it fails.
final class WebhookServer: Sendable {
    /// The port it listens on.
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// Listens on `host:port` (port 0: any free one); throws when it cannot.
    static func start(_ settings: HostConfiguration.WebhookSettings, routes: WebhookRoutes, logger: Logger) async throws -> WebhookServer {
        let router = Router()
        router.add(middleware: WebhookDispatch(routes: routes, token: settings.token, logger: logger))
        let (ports, continuation) = AsyncStream.makeStream(of: Int?.self)
        let app = Application(router: router, configuration: .init(address: .hostname(settings.host, port: settings.port)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port)
                                  continuation.finish()
                              }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let listening = await iterator.next(), let port = listening else {
            _ = try? await task.value
            throw WebhookListenError(address: "\(settings.host):\(settings.port)")
        }
        return WebhookServer(port: port, group: group, task: task)
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

/// The listener could not bind its address.
struct WebhookListenError: Error, CustomStringConvertible {
    let address: String
    var description: String { "cannot listen on \(address) (in use, or not an address of this machine)" }
}

private struct WebhookDispatch: RouterMiddleware {
    typealias Context = BasicRequestContext
    let routes: WebhookRoutes
    let token: String
    let logger: Logger
    static let bodyLimit = 1 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        guard segments.count >= 4, segments[0] == "hooks" else {
            return Self.answer(404, "webhooks are at /hooks/ROOM/BOT/PATH")
        }
        guard request.method == .post else {
            return Self.answer(405, "webhooks take POST")
        }
        let given = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : $0 } ?? ""
        guard ConstantTimeText.equal(given, token) else {
            logger.notice("webhook refused: missing or wrong token", metadata: ["path": "\(request.uri.path)"])
            return Self.answer(401, "give the host's webhook token as Authorization: Bearer TOKEN")
        }
        let path = segments[3...].joined(separator: "/")
        let key = WebhookRoutes.key(room: segments[1], bot: segments[2], path: path)
        guard let route = routes.route(key) else {
            return Self.answer(404, "no webhook '\(path)' of a bot '\(segments[2])' in a room '\(segments[1])'")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.bodyLimit)
        } catch {
            return Self.answer(413, "the body is over \(Self.bodyLimit) bytes")
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let call = WebhookRequest(path: path, query: request.uri.query, headers: headers, body: Data(buffer: body))
        let response = await Self.run(route, call)
        return Self.answer(response.status, response.body)
    }

    /// Queues the call with the bot's messages and waits for its outcome.
    private static func run(_ route: WebhookRoutes.Route, _ call: WebhookRequest) async -> WebhookResponse {
        let answer = ResponseBox()
        let outcome: HandlerOutcome? = await withCheckedContinuation { continuation in
            route.supervisor.enqueue("webhook '\(route.webhook.path)'", run: { context in
                do {
                    answer.set(try await route.webhook.run(call, context))
                } catch let refusal as WebhookRefusal {
                    answer.set(WebhookResponse(status: refusal.status, body: refusal.reason))
                }
            }, done: { outcome in continuation.resume(returning: outcome) })
        }
        switch outcome {
        case .completed?: return answer.value ?? WebhookResponse()
        case .failed?: return WebhookResponse(status: 500, body: "the bot failed to handle the call (its log says why)")
        case .timedOut?: return WebhookResponse(status: 504, body: "the bot did not answer within its timeout")
        case .stopped?, nil: return WebhookResponse(status: 503, body: "the bot is disabled or stopping; try again later")
        }
    }

    private static func answer(_ status: Int, _ text: String) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The response a webhook handler returned, handed from the bot's call to the HTTP answer.
private final class ResponseBox: Sendable {
    private let stored = Mutex<WebhookResponse?>(nil)
    var value: WebhookResponse? { stored.withLock { $0 } }
    func set(_ response: WebhookResponse) { stored.withLock { $0 = response } }
}

/// Compares secrets in time that does not depend on where they differ.
enum ConstantTimeText {
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
