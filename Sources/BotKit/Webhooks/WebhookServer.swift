import Foundation
import Hummingbird
import Logging
import ServiceHealth
import PersistentChat
import PersistentChatDirectory
import Synchronization
import YAMLConfig

/// The host's HTTP listener for bots' webhooks (host.yaml `webhooks`): `POST /hooks/ROOM/BOT/PATH` with the host's
/// token as `Authorization: Bearer TOKEN`, or what the webhook's own ``WebhookAuthentication`` asks for. Each call is
/// queued with the bot's messages and answered with what the bot returns: 401 without the token (or signature), 404
/// for no such webhook, 413 over 1 MiB, 503 with `Retry-After` while the bot is disabled or stopping or has
/// `queues.webhooks` calls waiting, 504 past its timeout, 500 when it fails. The handler never sees the
/// `Authorization` field: the host checked it, and it is the host's secret.
enum WebhookServer {
    /// Listens on the configured address (port 0: any free one); throws ``HTTPListenError`` when it cannot.
    static func start(_ settings: HostConfiguration.WebhookSettings, routes: WebhookRoutes, logger: Logger) async throws -> HTTPListener {
        let router = Router()
        router.add(middleware: WebhookDispatch(routes: routes, token: settings.token, logger: logger))
        let tls = try settings.tls.map { files throws(ConfigError) in try WebhookTLS.configuration(files, file: "host.yaml") }
        if let key = settings.tls?.key, let warning = PrivateFiles.exposureWarning(for: key, describing: "the webhook TLS private key") {
            logger.warning("\(warning)", metadata: ["key": "webhooks.tls.key"])
        }
        return try await HTTPListener.start(router, host: settings.host, port: settings.port, tls: tls, logger: logger)
    }
}

private struct WebhookDispatch: RouterMiddleware {
    typealias Context = BasicRequestContext
    let routes: WebhookRoutes
    let token: String
    let logger: Logger
    static let bodyLimit = 1 << 20
    /// What a 503 asks the caller to wait, in seconds.
    static let retryAfterSeconds = 5

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
        let path = segments[3...].joined(separator: "/")
        let key = WebhookRoutes.key(room: segments[1], bot: segments[2], path: path)
        // Each webhook's own check (the host's token unless it says otherwise); a path that names no webhook asks
        // for the host's token first, so a caller without it learns nothing of which webhooks there are. A check
        // that does not read the body runs before it is read, so an unknown caller cannot make the host read it.
        let route = routes.route(key)
        let authentication = route?.webhook.authentication ?? .hostToken
        var call = WebhookRequest(path: path, query: request.uri.query, headers: request.headers, body: Data())
        if !authentication.readsBody, !authentication.admits(call, token) {
            logger.notice("webhook refused: missing or wrong credentials", metadata: ["path": "\(request.uri.path)"])
            return Self.answer(401, authentication.hint)
        }
        do {
            call.body = Data(buffer: try await request.body.collect(upTo: Self.bodyLimit))
        } catch {
            return Self.answer(413, "the body is over \(Self.bodyLimit) bytes")
        }
        if authentication.readsBody, !authentication.admits(call, token) {
            logger.notice("webhook refused: missing or wrong credentials", metadata: ["path": "\(request.uri.path)"])
            return Self.answer(401, authentication.hint)
        }
        guard let route else {
            return Self.answer(404, "no webhook '\(path)' of a bot '\(segments[2])' in a room '\(segments[1])'")
        }
        call.headers[.authorization] = nil
        let response = await Self.run(route, call)
        route.supervisor.metrics.webhookCall(status: response.status.code)
        var answer = Self.answer(response.status, response.body)
        if response.status == .serviceUnavailable { answer.headers[.retryAfter] = "\(Self.retryAfterSeconds)" }
        return answer
    }

    /// Queues the call with the bot's messages and waits for its outcome.
    private static func run(_ route: WebhookRoutes.Route, _ call: WebhookRequest) async -> WebhookResponse {
        let answer = ResponseBox()
        let outcome: HandlerOutcome?? = await withCheckedContinuation { continuation in
            let queued = route.supervisor.enqueueWebhook("webhook '\(route.webhook.path)'", run: { context in
                do {
                    answer.set(try await route.webhook.run(call, context))
                } catch let refusal as WebhookRefusal {
                    answer.set(WebhookResponse(status: refusal.status, body: refusal.reason))
                }
            }, done: { outcome in continuation.resume(returning: .some(outcome)) })
            if !queued { continuation.resume(returning: nil) }
        }
        guard let outcome else {
            return WebhookResponse(status: 503, body: "the bot has too many webhook calls waiting; try again later")
        }
        switch outcome {
        case .completed?: return answer.value ?? WebhookResponse()
        case .failed?: return WebhookResponse(status: 500, body: "the bot failed to handle the call (its log says why)")
        case .timedOut?: return WebhookResponse(status: 504, body: "the bot did not answer within its timeout")
        case .stopped?, nil: return WebhookResponse(status: 503, body: "the bot is disabled or stopping; try again later")
        }
    }

    private static func answer(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The response a webhook handler returned, handed from the bot's call to the HTTP answer.
private final class ResponseBox: Sendable {
    private let stored = Mutex<WebhookResponse?>(nil)
    var value: WebhookResponse? { stored.withLock { $0 } }
    func set(_ response: WebhookResponse) { stored.withLock { $0 = response } }
}
