import BotKit
import Foundation

extension HTTPBot {
    /// The `http` bot's options (the keys beside `type: http` in a room file).
    public struct Options: Decodable, Sendable {
        /// The command's name without the room's prefix, e.g. `status`.
        public var command: String
        /// `GET` (the default), `POST` or `PUT`.
        public var method: String?
        /// The URL to call; `{name}` is replaced by the command's argument, percent-encoded (`/` and `.` too).
        public var url: String
        /// Header fields to send; their values may hold `{name}`, `{sender}`, `{room}` and `{api_key}`.
        public var headers: [String: String]?
        /// The secret `{api_key}` stands for in headers and body: `api_key_env: NAME` or `api_key_file: PATH`.
        public var api_key: Secret?
        /// A JSON body (for POST and PUT), given as YAML; its strings may hold `{name}`, `{sender}`, `{room}` and
        /// `{api_key}`.
        var body: JSONTemplate?
        /// More tries after a failure to connect, a timeout or an answer 429, 502, 503 or 504 (GET and PUT only;
        /// default 0).
        public var retries: Int?
        /// The pause before the first retry, in milliseconds (default 500), doubled after each.
        public var retry_delay_ms: Int?
        /// At most this many calls to the URL's host at once, counting every call of the host process (default 4).
        public var max_concurrent: Int?
        /// Hosts that may resolve to loopback or private addresses (refused otherwise).
        public var allow_hosts: [String]?
        /// A dotted path into a JSON response to report, e.g. `status.indicator`.
        public var json_field: String?
        /// Longest reply in characters (default 300).
        public var max_reply: Int?
        /// Total time allowed for the call in seconds (default 10; less than the entry's `timeout`, 30 s by default).
        public var timeout_seconds: Int?
        /// What `!help` says the command does.
        public var summary: String?
    }
}

/// An HTTP call as the options configure it, checked.
struct HTTPCallSettings: Sendable {
    let method: HTTPMethodName
    let template: String
    let headers: [(name: String, value: String)]
    let body: JSONTemplate?
    let apiKey: Secret?
    let retry: RetryPolicyOption
    let field: [String]
    let maxReply: Int
    /// Whether the command takes an argument (`{name}` appears in the URL, a header or the body).
    let takesName: Bool

    init(_ options: HTTPBot.Options) throws {
        guard let method = HTTPMethodName(rawValue: (options.method ?? "GET").uppercased()) else {
            throw BotOptionError(key: "method", reason: "must be GET, POST or PUT, got '\(options.method ?? "")'")
        }
        self.method = method
        let lowered = options.url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
              URL(string: options.url.replacingOccurrences(of: "{name}", with: "x")) != nil else {
            throw BotOptionError(key: "url", reason: "must be an http:// or https:// URL, got '\(options.url)'")
        }
        guard !options.url.contains("{api_key}") else {
            throw BotOptionError(key: "url", reason: "{api_key} may appear in headers and body only (URLs are logged)")
        }
        template = options.url
        headers = (options.headers ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        body = options.body
        if body != nil, method == .get {
            throw BotOptionError(key: "body", reason: "a GET sends no body; use method: POST or PUT")
        }
        apiKey = options.api_key
        let mentions = [options.url] + headers.map(\.value) + (body?.strings ?? [])
        if apiKey == nil, mentions.contains(where: { $0.contains("{api_key}") }) {
            throw BotOptionError(key: "api_key_env", reason: "{api_key} is used but no api_key_env or api_key_file is given")
        }
        takesName = mentions.contains { $0.contains("{name}") }
        let retries = try OptionBounds.check(options.retries, default: 0, in: 0...10, key: "retries")
        if retries > 0, method == .post {
            throw BotOptionError(key: "retries", reason: "a POST is not idempotent, so it is never sent again; retries apply to GET and PUT")
        }
        let delay = try OptionBounds.check(options.retry_delay_ms, default: 500, in: 1...60_000, key: "retry_delay_ms")
        retry = RetryPolicyOption(attempts: retries + 1, delay: .milliseconds(delay))
        maxReply = try OptionBounds.check(options.max_reply, default: 300, in: 1...4000, key: "max_reply")
        field = options.json_field.map { $0.split(separator: ".").map(String.init) } ?? []
    }
}

/// The methods the `http` bot sends.
enum HTTPMethodName: String, Sendable {
    case get = "GET", post = "POST", put = "PUT"
}

/// How often, and after what pause, a call is tried again.
struct RetryPolicyOption: Sendable {
    let attempts: Int
    let delay: Duration
}
