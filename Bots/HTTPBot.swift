import BotKit
import CurlHTTP
import Foundation
import HTTPTypes

/// Answers a command such as `!status api` or `!ticket printer on fire` by calling an HTTP service through libcurl
/// (GET, POST or PUT, with header fields and a JSON body made from templates, a secret API key, retries of idempotent
/// calls and a cap on calls at once per host) and posting a short result.
public struct HTTPBot: Bot {
    public static let typeName = "http"
    public private(set) var commands = BotCommands()
    let settings: HTTPCallSettings
    let policy: HTTPClientPolicy

    public init(options: Options, context: BotSetupContext) throws {
        settings = try HTTPCallSettings(options)
        let timeout = try OptionBounds.callOutTimeout(options.timeout_seconds, default: 10, within: context.callTimeout, key: "timeout_seconds")
        let concurrent = try OptionBounds.check(options.max_concurrent, default: 4, in: 1...64, key: "max_concurrent")
        var policy = HTTPClientPolicy()
        policy.allowedHosts = Set((options.allow_hosts ?? []).map { $0.lowercased() })
        policy.totalTimeout = .seconds(timeout)
        policy.connectTimeout = .seconds(min(timeout, 5))
        policy.maxConcurrentPerHost = concurrent
        self.policy = policy
        let takesName = settings.takesName
        let summary = options.summary ?? (takesName ? "Looks a name up over HTTP." : "Calls an HTTP service and reports its answer.")
        try commands.command(named: options.command, takesName ? "<name...>" : "", summary) { [self] arguments, context in
            try await call(name: arguments["name"], command: options.command, context: context)
        }
    }

    private func call(name: String?, command: String, context: BotContext) async throws {
        let values = [
            "{name}": name ?? "", "{sender}": context.message?.messageAuthor.value ?? "", "{room}": context.room.name,
            "{api_key}": settings.apiKey?.value ?? "",
        ]
        func fill(_ text: String) -> String { Placeholders.fill(text, with: values) }
        let url = settings.template.replacingOccurrences(of: "{name}", with: Self.percentEncode(name ?? ""))
        let label = name ?? command
        let text: String
        do {
            let response = try await context.http.execute(try request(url: url, fill: fill), policy: policy,
                                                          retry: RetryPolicy(attempts: settings.retry.attempts,
                                                                             initialDelay: settings.retry.delay))
            text = "\(label): \(summary(of: response))"
        } catch {
            // The room hears what went wrong, never the service's address; the log has it all (never the secret).
            context.logger.warning("call-out failed", metadata: ["url": "\(url)", "error": "\(error)"])
            text = "\(label): call failed: \(RoomErrorText.describe(error))"
        }
        try await context.reply(String(text.prefix(settings.maxReply)))
    }

    /// The request for `url`, its header fields and body filled by `fill`; a value that cannot be a header field
    /// (a line break from the argument, say) is refused.
    private func request(url: String, fill: (String) -> String) throws -> CurlHTTPRequest {
        var fields = try HTTPFields(validating: settings.headers.map { ($0.name, fill($0.value)) })
        var body: [UInt8]?
        if let template = settings.body {
            body = try template.json(fill)
            if fields[.contentType] == nil { fields[.contentType] = "application/json" }
        }
        let method: HTTPRequest.Method = switch settings.method {
        case .get: .get
        case .post: .post
        case .put: .put
        }
        return CurlHTTPRequest(method: method, url: url, headers: fields, body: body)
    }

    private func summary(of response: CurlHTTPResponse) -> String {
        guard response.isSuccess else { return "HTTP \(response.status.code)" }
        if !settings.field.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed]) else {
                return "the response is not JSON"
            }
            var current: Any? = object
            for key in settings.field {
                current = (current as? [String: Any])?[key]
            }
            guard let value = current else { return "no field '\(settings.field.joined(separator: "."))' in the response" }
            if let string = value as? String { return string }
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(value)"
        }
        let body = response.text ?? "(\(response.body.count) bytes of binary data)"
        return body.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    /// `text` with everything but ASCII letters, digits, `-`, `_` and `~` percent-encoded: `/`, `.` and `..`
    /// included, so a name can neither add a path segment nor be a dot segment that leaves the configured path.
    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-_~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
