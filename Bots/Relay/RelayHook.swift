import BotKit
import Foundation

/// One hook of the `relay` bot.
public struct RelayHook: Decodable, Sendable {
    /// Where it answers, under `/hooks/ROOM/BOT/`.
    public var path: String
    /// `alertmanager`, `github`, `gitlab` or `generic`.
    public var preset: String
    /// A bearer token (`alertmanager`, `generic`) or GitLab's `X-Gitlab-Token`: `token_env` or `token_file`.
    public var token: Secret?
    /// The key of an HMAC-SHA256 signature over the body (`github`, required; `generic`): `secret_env` or `secret_file`.
    public var secret: Secret?
    /// `generic`: the header field that carries the signature (default `X-Signature-256`, as `sha256=HEX`).
    public var signature_header: String?
    /// `generic`: the Mustache template the JSON body is rendered through.
    public var template: String?
    /// `generic`: post the message as an alert.
    public var alert: Bool?

    /// The preset's reader; the error names the hook's key.
    func preset(at index: Int, listed: Int) throws -> any RelayPreset {
        switch preset {
        case "alertmanager": return AlertmanagerPreset(listed: listed)
        case "github": return GitHubPreset(listed: listed)
        case "gitlab": return GitLabPreset(listed: listed)
        case "generic":
            guard let template else {
                throw BotOptionError(key: "hooks[\(index)].template", reason: "a generic hook needs a Mustache template")
            }
            return try GenericPreset(template: template, alert: alert ?? false, key: "hooks[\(index)].template")
        default:
            throw BotOptionError(key: "hooks[\(index)].preset", reason: "expected alertmanager, github, gitlab or generic, got '\(preset)'")
        }
    }

    /// Who may call: the service's own way; the error names what is missing.
    func authentication(at index: Int) throws -> WebhookAuthentication {
        switch preset {
        case "github":
            guard let secret else {
                throw BotOptionError(key: "hooks[\(index)].secret_env", reason: "a github hook needs the webhook's secret (secret_env or secret_file)")
            }
            return .hmacSHA256(header: "X-Hub-Signature-256", prefix: "sha256=", secret: secret.value)
        case "gitlab":
            guard let token else {
                throw BotOptionError(key: "hooks[\(index)].token_env", reason: "a gitlab hook needs the webhook's token (token_env or token_file)")
            }
            return .header("X-Gitlab-Token", equals: token.value)
        default:
            if let secret { return .hmacSHA256(header: signature_header ?? "X-Signature-256", prefix: "sha256=", secret: secret.value) }
            if let token { return .bearer(token.value) }
            return .hostToken
        }
    }
}

/// Reads one service's webhook calls and posts them.
protocol RelayPreset: Sendable {
    func relay(_ request: WebhookRequest, context: BotContext) async throws -> WebhookResponse
}

extension RelayPreset {
    /// The body as a JSON object; anything else is refused with 400 and the reason.
    func object(_ request: WebhookRequest) throws -> [String: Any] {
        do {
            guard let object = try JSONSerialization.jsonObject(with: request.body) as? [String: Any] else {
                throw WebhookRefusal(reason: "the body is not a JSON object")
            }
            return object
        } catch let refusal as WebhookRefusal {
            throw refusal
        } catch {
            throw WebhookRefusal(reason: "the body is not JSON: \(error.localizedDescription)")
        }
    }

    /// `names` listed up to `limit`, then how many more.
    static func list(_ names: [String], limit: Int) -> String {
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? "\(shown) and \(names.count - limit) more" : shown
    }
}

/// Reads values out of decoded JSON.
extension Dictionary where Key == String, Value == Any {
    func string(_ path: String) -> String? {
        var current: Any? = self
        for key in path.split(separator: ".") { current = (current as? [String: Any])?[String(key)] }
        switch current {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    func objects(_ key: String) -> [[String: Any]] { (self[key] as? [Any])?.compactMap { $0 as? [String: Any] } ?? [] }
}
