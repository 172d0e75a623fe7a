import BotKit
import Foundation
import YAMLConfig

/// Runs one poll at a time in its room: `!poll "Question?" "A" "B" [--closes 1h]` opens it, `!vote N` votes (one vote
/// a person, changeable), `!poll results` shows the count, `!poll close` (its creator or a room manager) closes it.
/// The poll is kept in storage, so it survives restarts; when it closes, on command or at its time, the results are
/// posted.
public struct PollBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The most choices a poll may have (default 10, 2 to 26).
        public var max_choices: Int?
    }

    /// The poll as kept.
    struct Poll: Codable, Sendable, Equatable {
        var number: Int
        var question: String
        var choices: [String]
        var creator: String
        var closesAt: Double?
        /// Each voter's choice (an index into `choices`), by SIP URI.
        var votes: [String: Int] = [:]

        /// `Lunch? — pizza: 2 · salad: 1 (3 votes)`.
        var results: String {
            let counts = choices.indices.map { index in votes.values.filter { $0 == index }.count }
            let lines = zip(choices, counts).map { "\($0): \($1)" }.joined(separator: " · ")
            return "\(question) — \(lines) (\(votes.count) vote\(votes.count == 1 ? "" : "s"))"
        }
    }

    public static let typeName = "poll"
    public let commands: BotCommands

    public init(options: Options, context: BotSetupContext) throws {
        let maxChoices = try OptionBounds.check(options.max_choices, default: 10, in: 2...26, key: "max_choices")
        var commands = BotCommands()
        commands.command("poll <words...>",
                         "Opens a poll (\"question\" \"choice\" \"choice\"… [--closes 1h]), or shows its results or closes it (results, close).") { arguments, context in
            var words = arguments.words("words")
            switch words {
            case ["results"]: try await Self.showResults(context)
            case ["close"]: try await Self.close(context)
            default:
                var closes: String?
                if let flag = words.firstIndex(of: "--closes") {
                    guard words.indices.contains(flag + 1) else { throw CommandUsageError("--closes needs a duration such as 30m or 2h") }
                    closes = words[flag + 1]
                    words.removeSubrange(flag...(flag + 1))
                }
                try await Self.open(words, closes: closes, maxChoices: maxChoices, context: context)
            }
        }
        commands.command("vote <choice>", "Votes in the open poll, by the choice's number.") { arguments, context in
            try await Self.vote(arguments["choice"] ?? "", context: context)
        }
        commands.onJob("Closes a poll at its time.") { job, context in
            let number = try job.payload(as: Int.self)
            guard let poll = try await context.storage.value("poll", as: Poll.self), poll.number == number else { return }
            try await context.storage.delete("poll")
            try await context.reply("Poll closed: \(poll.results)")
        }
        self.commands = commands
    }

    private static func open(_ words: [String], closes: String?, maxChoices: Int, context: BotContext) async throws {
        guard let question = words.first, words.count >= 3 else {
            throw CommandUsageError("give a question and at least two choices, each in quotes when it has spaces")
        }
        let choices = Array(words.dropFirst())
        guard choices.count <= maxChoices else { throw CommandUsageError("at most \(maxChoices) choices") }
        var closesAt: Date?
        if let closes {
            guard let duration = ConfigDuration.parse(closes), duration >= .seconds(1) else {
                throw CommandUsageError("--closes takes a duration such as 30m or 2h, got '\(closes)'")
            }
            closesAt = context.now.addingTimeInterval(Double(duration.components.seconds))
        }
        if let open = try await context.storage.value("poll", as: Poll.self) {
            try await context.reply("A poll is open already (\(open.question)): close it first with !poll close.")
            return
        }
        let number = (try await context.storage.value("last-number", as: Int.self) ?? 0) + 1
        try await context.storage.set("last-number", to: number)
        let poll = Poll(number: number, question: question, choices: choices, creator: context.message?.messageAuthor.value ?? "",
                        closesAt: closesAt?.timeIntervalSince1970)
        try await context.storage.set("poll", to: poll)
        if let closesAt { try await context.schedule(at: closesAt, key: "close", payload: number) }
        let listed = choices.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "  ")
        let until = closesAt.map { " Closes at \($0.formatted(.iso8601))." } ?? ""
        try await context.reply("Poll: \(question)  \(listed)  Vote with !vote N.\(until)")
    }

    private static func vote(_ choice: String, context: BotContext) async throws {
        guard var poll = try await context.storage.value("poll", as: Poll.self) else {
            try await context.reply("No poll is open.")
            return
        }
        guard let number = Int(choice), poll.choices.indices.contains(number - 1) else {
            throw CommandUsageError("choose a number from 1 to \(poll.choices.count)")
        }
        let voter = context.message?.messageAuthor.value.lowercased() ?? ""
        let changed = poll.votes[voter] != nil
        poll.votes[voter] = number - 1
        try await context.storage.set("poll", to: poll)
        try await context.reply("\(changed ? "Vote changed" : "Vote counted"): \(poll.choices[number - 1]) (\(poll.votes.count) vote\(poll.votes.count == 1 ? "" : "s") so far)")
    }

    private static func showResults(_ context: BotContext) async throws {
        guard let poll = try await context.storage.value("poll", as: Poll.self) else {
            try await context.reply("No poll is open.")
            return
        }
        try await context.reply(poll.results)
    }

    private static func close(_ context: BotContext) async throws {
        guard let poll = try await context.storage.value("poll", as: Poll.self) else {
            try await context.reply("No poll is open.")
            return
        }
        guard let sender = context.message?.messageAuthor else { return }
        guard sender.value.lowercased() == poll.creator.lowercased() || context.participant(sender)?.isManager == true else {
            try await context.reply("Only the poll's creator or a room manager may close it.")
            return
        }
        try await context.storage.delete("poll")
        try await context.cancelJob("close")
        try await context.reply("Poll closed: \(poll.results)")
    }
}
