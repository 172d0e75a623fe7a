import BotKit
import Foundation

/// Answers `!oncall` with who is on call this week, from a weekly rotation given in the room file.
public struct OnCallBot: Bot {
    public struct Options: Decodable, Sendable {
        /// Who is on call, one ISO week each, in turn.
        public var rotation: [String]
        /// The command's name, without the room's prefix; `oncall` when not given.
        public var command: String?
    }

    /// The command's arguments: one property per parameter of its declaration.
    struct Lookup: Decodable, Sendable {
        var week: Int?
    }

    public static let typeName = "oncall"
    public let commands: BotCommands

    public init(options: Options, context: BotSetupContext) throws {
        guard !options.rotation.isEmpty else {
            throw BotOptionError(key: "rotation", reason: "name at least one person")
        }
        let rotation = options.rotation
        var commands = BotCommands()
        try commands.command(named: options.command ?? "oncall", "[--week <number>]",
                             "Says who is on call this week, or in another week of the year.",
                             as: Lookup.self) { lookup, context in
            let week = lookup.week ?? Calendar(identifier: .iso8601).component(.weekOfYear, from: Date())
            guard (1...53).contains(week) else {
                throw CommandUsageError("--week must be between 1 and 53")
            }
            try await context.reply("on call in week \(week): \(rotation[week % rotation.count])")
        }
        self.commands = commands
    }
}
