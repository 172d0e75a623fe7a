import Crypto
import Foundation
import HTTPTypes
import PersistentChatDirectory

/// Who may call a webhook: the host's token (host.yaml `webhooks.token`, the default), or the webhook's own check, such
/// as a service's signature over the body. A call that fails it is answered 401 before it reaches the bot's queue.
///
/// ```swift
/// commands.webhook("github", "Relays GitHub events.",
///                  authentication: .hmacSHA256(header: "X-Hub-Signature-256", prefix: "sha256=", secret: options.secret.value)) { … }
/// ```
public struct WebhookAuthentication: Sendable {
    /// Whether `request` (with every header field it came with) may call, given the host's token.
    let admits: @Sendable (_ request: WebhookRequest, _ hostToken: String) -> Bool
    /// What a refused caller is told.
    let hint: String
    /// Whether the check reads the body (a signature over it): the others are checked before the body is read.
    var readsBody = false

    /// The host's token as `Authorization: Bearer TOKEN`.
    public static let hostToken = WebhookAuthentication(admits: { request, token in
        bearer(in: request).map { equal($0, token) } ?? false
    }, hint: "give the host's webhook token as Authorization: Bearer TOKEN")

    /// `token` as `Authorization: Bearer TOKEN`, instead of the host's.
    public static func bearer(_ token: String) -> WebhookAuthentication {
        WebhookAuthentication(admits: { request, _ in bearer(in: request).map { equal($0, token) } ?? false },
                              hint: "give this webhook's token as Authorization: Bearer TOKEN")
    }

    /// `token` as the value of header field `header` (GitLab's `X-Gitlab-Token`, say).
    public static func header(_ header: String, equals token: String) -> WebhookAuthentication {
        WebhookAuthentication(admits: { request, _ in
            guard let name = HTTPField.Name(header), let given = request.headers[name] else { return false }
            return equal(given, token)
        }, hint: "give this webhook's token as \(header)")
    }

    /// An HMAC-SHA256 of the raw body with `secret`, hex-encoded after `prefix`, in header field `header` (GitHub's
    /// `X-Hub-Signature-256: sha256=…`); compared in constant time.
    public static func hmacSHA256(header: String, prefix: String = "", secret: String) -> WebhookAuthentication {
        WebhookAuthentication(admits: { request, _ in
            guard let name = HTTPField.Name(header), let given = request.headers[name], given.hasPrefix(prefix) else { return false }
            let mac = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Data(secret.utf8)))
            let expected = mac.map { String(format: "%02x", $0) }.joined()
            return equal(String(given.dropFirst(prefix.count)).lowercased(), expected)
        }, hint: "sign the body with this webhook's secret in \(header)", readsBody: true)
    }

    /// The webhook's own check of each call (its header fields and raw body).
    public static func custom(_ admits: @escaping @Sendable (WebhookRequest) -> Bool) -> WebhookAuthentication {
        WebhookAuthentication(admits: { request, _ in admits(request) }, hint: "the webhook refused the call's credentials",
                              readsBody: true)
    }

    private static func bearer(in request: WebhookRequest) -> String? {
        request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : $0 }
    }

    private static func equal(_ given: String, _ expected: String) -> Bool {
        ConstantTime.equals(Array(given.utf8), Array(expected.utf8))
    }
}
