import Foundation
import HTTPTypes
import PersistentChat

/// A request to one of a bot's webhooks: `POST /hooks/ROOM/BOT/PATH` on host.yaml's `webhooks.listen`.
public struct WebhookRequest: Sendable {
    /// The part after `/hooks/ROOM/BOT/`, as the bot declared it.
    public var path: String
    public var query: String?
    /// The request's header fields, in order; look them up by name, e.g. `headers[.contentType]`.
    public var headers: HTTPFields
    public var body: Data

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body decoded from JSON; a body that does not decode throws ``WebhookRefusal`` (answered 400).
    public func json<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw WebhookRefusal(status: 400, reason: "the body is not the JSON this webhook takes: \(error)")
        }
    }
}

/// What a webhook answers; the default is `200` with an empty body.
public struct WebhookResponse: Sendable, Equatable {
    /// The HTTP status; `202`-style literals work.
    public var status: HTTPResponse.Status
    /// The response body, as text.
    public var body: String
    /// A response with `status` and `body`.
    public init(status: HTTPResponse.Status = .ok, body: String = "") {
        self.status = status
        self.body = body
    }
}

/// Thrown by a webhook handler to answer with a client error (4xx) and a reason, rather than a failure (500).
public struct WebhookRefusal: Error, Sendable, CustomStringConvertible {
    /// The 4xx status the caller gets.
    public var status: HTTPResponse.Status
    /// Why, sent as the response body.
    public var reason: String
    /// A refusal with `status` (400 by default) and `reason`.
    public init(status: HTTPResponse.Status = .badRequest, reason: String) {
        self.status = status
        self.reason = reason
    }
    public var description: String { "\(status.code): \(reason)" }
}
