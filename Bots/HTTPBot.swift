import BotKit
import CurlHTTP
import Foundation

/// Answers a command such as `!status api` by calling a URL template through libcurl and posting a short result.
public struct HTTPBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The command word, e.g. `!status`.
        public var command: String
        /// The URL to call; `{name}` is replaced by the command's argument, percent-encoded.
        public var url: String
        /// Hosts that may resolve to loopback or private addresses (refused otherwise).
        public var allow_hosts: [String]?
        /// A dotted path into a JSON response to report, e.g. `status.indicator`.
        public var json_field: String?
        /// Longest reply in characters (default 300).
        public var max_reply: Int?
        /// Total time allowed for the call in seconds (default 10).
        public var timeout_seconds: Int?
    }

    public static let typeName = "http"
    let command: String
    let template: String
    let field: [String]
    let maxReply: Int
    let policy: HTTPClientPolicy

    public init(options: Options, context: BotSetupContext) throws {
        guard !options.command.isEmpty, !options.command.contains(where: \.isWhitespace) else {
            throw BotOptionError(key: "command", reason: "must be one word without spaces, got '\(options.command)'")
        }
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
        command = options.command
        template = options.url
        field = options.json_field.map { $0.split(separator: ".").map(String.init) } ?? []
        self.maxReply = maxReply
        var policy = HTTPClientPolicy()
        policy.allowedHosts = Set((options.allow_hosts ?? []).map { $0.lowercased() })
        policy.totalTimeout = .seconds(timeout)
        policy.connectTimeout = .seconds(min(timeout, 5))
        self.policy = policy
    }

    public func handle(_ message: ChatMessage, context: BotContext) async throws {
        guard let argument = CommandLineText.argument(of: message.messageContent, command: command) else { return }
        let needsName = template.contains("{name}")
        if needsName, argument.isEmpty {
            try await context.reply("usage: \(command) NAME")
            return
        }
        let url = template.replacingOccurrences(of: "{name}", with: Self.percentEncode(argument))
        let label = argument.isEmpty ? command : argument
        let text: String
        do {
            let response = try await context.http.get(url, policy: policy)
            text = "\(label): \(summary(of: response))"
        } catch {
            context.logger.warning("call-out failed", metadata: ["url": "\(url)", "error": "\(error)"])
            text = "\(label): call failed: \(error)"
        }
        try await context.reply(String(text.prefix(maxReply)))
    }

    private func summary(of response: HTTPResponse) -> String {
        guard response.isSuccess else { return "HTTP \(response.status)" }
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

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
