import BotKit
import CurlHTTP
import Foundation

/// Answers a command such as `!status api` by calling a URL template through libcurl and posting a short result.
public struct HTTPBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The command's name without the room's prefix, e.g. `status`.
        public var command: String
        /// The URL to call; `{name}` is replaced by the command's argument, percent-encoded (`/` and `.` too).
        public var url: String
        /// Hosts that may resolve to loopback or private addresses (refused otherwise).
        public var allow_hosts: [String]?
        /// A dotted path into a JSON response to report, e.g. `status.indicator`.
        public var json_field: String?
        /// Longest reply in characters (default 300).
        public var max_reply: Int?
        /// Total time allowed for the call in seconds (default 10).
        public var timeout_seconds: Int?
        /// What `!help` says the command does.
        public var summary: String?
    }

    public static let typeName = "http"
    public private(set) var commands = BotCommands()
    let template: String
    let field: [String]
    let maxReply: Int
    let policy: HTTPClientPolicy

    public init(options: Options, context: BotSetupContext) throws {
        let needsName = options.url.contains("{name}")
        let lowered = options.url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
              URL(string: options.url.replacingOccurrences(of: "{name}", with: "x")) != nil else {
            throw BotOptionError(key: "url", reason: "must be an http:// or https:// URL, got '\(options.url)'")
        }
        let maxReply = options.max_reply ?? 300
        guard (1...4000).contains(maxReply) else {
            throw BotOptionError(key: "max_reply", reason: "must be between 1 and 4000, got \(maxReply)")
        }
        let timeout = options.timeout_seconds ?? 10
        guard (1...120).contains(timeout) else {
            throw BotOptionError(key: "timeout_seconds", reason: "must be between 1 and 120, got \(timeout)")
        }
        template = options.url
        field = options.json_field.map { $0.split(separator: ".").map(String.init) } ?? []
        self.maxReply = maxReply
        var policy = HTTPClientPolicy()
        policy.allowedHosts = Set((options.allow_hosts ?? []).map { $0.lowercased() })
        policy.totalTimeout = .seconds(timeout)
        policy.connectTimeout = .seconds(min(timeout, 5))
        self.policy = policy
        let summary = options.summary ?? (needsName ? "Looks a name up over HTTP." : "Calls an HTTP service and reports its answer.")
        try commands.command(named: options.command, needsName ? "<name...>" : "", summary) { [self] arguments, context in
            try await call(name: arguments["name"], command: options.command, context: context)
        }
    }

    private func call(name: String?, command: String, context: BotContext) async throws {
        let url = template.replacingOccurrences(of: "{name}", with: Self.percentEncode(name ?? ""))
        let label = name ?? command
        let text: String
        do {
            let response = try await context.http.get(url, policy: policy)
            text = "\(label): \(summary(of: response))"
        } catch {
            // The room hears what went wrong, never the service's address; the log has it all.
            context.logger.warning("call-out failed", metadata: ["url": "\(url)", "error": "\(error)"])
            text = "\(label): call failed: \(RoomErrorText.describe(error))"
        }
        try await context.reply(String(text.prefix(maxReply)))
    }

    private func summary(of response: CurlHTTPResponse) -> String {
        guard response.isSuccess else { return "HTTP \(response.status.code)" }
        if !field.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed]) else {
                return "the response is not JSON"
            }
            var current: Any? = object
            for key in field {
                current = (current as? [String: Any])?[key]
            }
            guard let value = current else { return "no field '\(field.joined(separator: "."))' in the response" }
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
