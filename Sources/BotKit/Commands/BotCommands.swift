import PersistentChat

/// The commands and message patterns a bot answers. The host reads each addressed message against them, answers
/// usage errors and `!help` from the declarations, and calls the bot only with arguments that fit.
///
/// ```swift
/// struct Deploy: Decodable, Sendable {
///     enum Env: String, Decodable, CaseIterable { case prod, staging }
///     var service: String
///     var env: Env
///     var force: Bool
/// }
/// var commands = BotCommands()
/// commands.command("deploy <service> [--env prod] [--force]", "Deploys a service.", aliases: ["ship"],
///                  as: Deploy.self) { deploy, context in
///     try await context.reply("deploying \(deploy.service) to \(deploy.env)")
/// }
/// commands.hears(#"\bINC-(\d+)\b"#, "Links incident numbers.") { match, context in
///     try await context.reply("https://tracker.example/INC-\(match[1] ?? "")")
/// }
/// ```
///
/// A declaration that cannot be read, or a name declared twice, is not thrown here: the host refuses to start and
/// names the room file, the bot and the fault.
public struct BotCommands: Sendable {
    /// One declared command.
    struct Command: Sendable {
        let declaration: CommandDeclaration
        let summary: String
        let aliases: [String]
        let run: @Sendable (CommandArguments, BotContext) async throws -> Void
    }

    /// One message pattern.
    struct Pattern: Sendable {
        let source: String
        /// `source`, compiled once when declared. `Regex<AnyRegexOutput>` is not `Sendable` only because of its
        /// output type; a compiled regex is immutable and safe to match from any task.
        nonisolated(unsafe) let regex: Regex<AnyRegexOutput>
        let summary: String?
        let run: @Sendable (PatternMatch, BotContext) async throws -> Void
    }

    /// A job run every `interval` while the instance runs.
    struct Timer: Sendable {
        let interval: Duration
        let summary: String
        let run: @Sendable (BotContext) async throws -> Void
    }

    private(set) var commands: [Command] = []
    private(set) var patterns: [Pattern] = []
    private(set) var timers: [Timer] = []
    private(set) var webhooks: [Webhook] = []
    /// Cron schedules, by name.
    var schedules: [Schedule] = []
    /// What runs the instance's one-shot jobs when they fall due.
    var jobHandler: JobHandler?
    /// The command that takes mentions no command of the room answers, by its name.
    private(set) var mentionCommand: String?

    /// A path under the bot's webhook address.
    struct Webhook: Sendable {
        let path: String
        let summary: String
        let authentication: WebhookAuthentication
        let run: @Sendable (WebhookRequest, BotContext) async throws -> WebhookResponse
    }
    /// Declarations that could not be read, names declared twice, patterns that do not compile.
    var problems: [String] = []

    public init() {}

    /// Whether nothing is declared.
    public var isEmpty: Bool {
        commands.isEmpty && patterns.isEmpty && timers.isEmpty && webhooks.isEmpty && schedules.isEmpty && jobHandler == nil
    }

    /// Declares a command whose arguments decode into `Arguments` (one property per parameter; see
    /// ``CommandDeclaration`` for the syntax).
    public mutating func command<Arguments: Decodable & Sendable>(
        _ declaration: String, _ summary: String, aliases: [String] = [], as type: Arguments.Type,
        _ run: @escaping @Sendable (Arguments, BotContext) async throws -> Void
    ) {
        guard let parsed = read(declaration, aliases: aliases) else { return }
        if let fault = DeclarationProbe.undeclaredKey(of: type, in: parsed) {
            problems.append("command '\(parsed.name)': \(type) decodes '\(fault)', which '\(declaration)' does not declare")
            return
        }
        commands.append(Command(declaration: parsed, summary: summary, aliases: aliases.map { $0.lowercased() }) { arguments, context in
            let decoded = try Arguments(from: CommandArgumentsDecoder(arguments: arguments, declaration: parsed))
            try await run(decoded, context)
        })
    }

    /// Declares a command whose arguments the handler reads by name.
    public mutating func command(
        _ declaration: String, _ summary: String, aliases: [String] = [],
        _ run: @escaping @Sendable (CommandArguments, BotContext) async throws -> Void
    ) {
        guard let parsed = read(declaration, aliases: aliases) else { return }
        commands.append(Command(declaration: parsed, summary: summary, aliases: aliases.map { $0.lowercased() }, run: run))
    }

    /// Declares a command whose one parameter takes the rest of the line as written (see
    /// ``command(named:optionKey:text:_:aliases:_:)``).
    mutating func command(_ declaration: String, takingTextAs parameter: String, _ summary: String, aliases: [String],
                          _ run: @escaping @Sendable (String, BotContext) async throws -> Void) {
        guard var parsed = read(declaration, aliases: aliases) else { return }
        parsed.takesTextAsWritten = true
        commands.append(Command(declaration: parsed, summary: summary, aliases: aliases.map { $0.lowercased() }) { arguments, context in
            try await run(arguments[parameter] ?? "", context)
        })
    }

    /// Answers messages that are not commands and match `pattern` (a Swift regular expression, searched anywhere in
    /// the message). The first matching pattern of a bot wins.
    public mutating func hears(
        _ pattern: String, _ summary: String? = nil,
        _ run: @escaping @Sendable (PatternMatch, BotContext) async throws -> Void
    ) {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern)
        } catch {
            problems.append("pattern '\(pattern)' does not compile: \(error)")
            return
        }
        patterns.append(Pattern(source: pattern, regex: regex, summary: summary, run: run))
    }

    /// Runs `run` every `interval` (at least 100 ms) while the instance runs, under its timeout, in order with its
    /// messages; a tick that finds the last one still waiting is skipped. The timer stops with the instance.
    public mutating func every(_ interval: Duration, _ summary: String, _ run: @escaping @Sendable (BotContext) async throws -> Void) {
        guard interval >= .milliseconds(100) else {
            problems.append("timer '\(summary)': the interval must be at least 100 ms, got \(DurationText.describe(interval))")
            return
        }
        timers.append(Timer(interval: interval, summary: summary, run: run))
    }

    /// Answers `POST /hooks/ROOM/BOT/PATH` on the host's webhook listener (host.yaml `webhooks`), in order with the
    /// room's messages and under the instance's timeout; the caller gets the returned response. `path` is one or more
    /// segments of letters, digits, `-`, `_` and `.`, separated by `/`. `authentication` says who may call (the host's
    /// token by default); a call it refuses is answered 401 and never queued.
    public mutating func webhook(_ path: String, _ summary: String, authentication: WebhookAuthentication = .hostToken,
                                 _ run: @escaping @Sendable (WebhookRequest, BotContext) async throws -> WebhookResponse) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let valid = !path.isEmpty && segments.allSatisfy { segment in
            !segment.isEmpty && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
        guard valid else {
            problems.append("webhook '\(path)': use segments of letters, digits, '-', '_' or '.', separated by '/'")
            return
        }
        guard !webhooks.contains(where: { $0.path == path }) else {
            problems.append("webhook '\(path)' is declared twice")
            return
        }
        webhooks.append(Webhook(path: path, summary: summary, authentication: authentication, run: run))
    }

    /// Sends a message that addresses the room's bots by name with words no command of the room declares
    /// (`@echobot what is a runbook?`) to the command `name`, the whole text after the name as its arguments; it is
    /// then that command's call in every respect (permissions, rate limits, usage errors). The room's help no longer
    /// calls such words unknown. `name` must be declared by this bot.
    public mutating func answerMentions(with name: String) {
        guard mentionCommand == nil else {
            problems.append("mentions are answered by '\(mentionCommand ?? "")' already")
            return
        }
        mentionCommand = name.lowercased()
    }

    /// Every name and alias, lowercased, with the command it calls.
    var names: [(name: String, command: Command)] {
        commands.flatMap { command in ([command.declaration.name] + command.aliases).map { ($0, command) } }
    }

    /// The command called `word` (a name or an alias, any case).
    func command(calledBy word: String) -> Command? {
        let word = word.lowercased()
        return commands.first { $0.declaration.name == word || $0.aliases.contains(word) }
    }

    private mutating func read(_ declaration: String, aliases: [String]) -> CommandDeclaration? {
        let parsed: CommandDeclaration
        do {
            parsed = try CommandDeclaration(declaration)
        } catch {
            problems.append(error.description)
            return nil
        }
        for alias in aliases where !CommandName.isValid(alias) {
            problems.append("command '\(parsed.name)': alias \(CommandName.rule(for: alias))")
            return nil
        }
        let taken = Set(names.map(\.name))
        for name in [parsed.name] + aliases.map({ $0.lowercased() }) where taken.contains(name) || name == "help" {
            problems.append(name == "help"
                ? "command '\(parsed.name)': 'help' is the host's own command"
                : "command '\(parsed.name)': the name '\(name)' is declared twice")
            return nil
        }
        return parsed
    }
}

/// What a pattern matched in a message.
public struct PatternMatch: Sendable {
    /// The whole match.
    public let text: String
    /// The numbered captures (index 0 is the whole match); nil for a group that did not take part.
    public let captures: [String?]
    /// The named captures.
    public let named: [String: String]

    /// The capture numbered `index`, or nil.
    public subscript(_ index: Int) -> String? { captures.indices.contains(index) ? captures[index] : nil }
    /// The capture named `name`, or nil.
    public subscript(_ name: String) -> String? { named[name] }

    /// The first match of `regex` in `text`.
    static func first(_ regex: Regex<AnyRegexOutput>, in text: String) -> PatternMatch? {
        guard let match = try? regex.firstMatch(in: text) else { return nil }
        let output = match.output
        var named: [String: String] = [:]
        for element in output {
            if let name = element.name, let substring = element.substring { named[name] = String(substring) }
        }
        return PatternMatch(text: String(text[match.range]), captures: output.map { $0.substring.map(String.init) }, named: named)
    }
}
