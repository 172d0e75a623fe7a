import BotKit

/// Calls the daily stand-up at the slots of a cron schedule its room file gives, numbering them in its storage.
public struct StandUpBot: Bot {
    public struct Options: Decodable, Sendable {
        /// When: `{cron: "0 9 * * 1-5", time_zone: Europe/Berlin, missed: once}`.
        public var schedule: CronSchedule
    }

    public static let typeName = "stand-up"
    public let commands: BotCommands

    public init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.schedule(options.schedule, "stand-up") { context in
            // Kept with the mark that this slot ran, in one transaction: a restart never counts a slot twice.
            let number = try await context.storage.update("held", as: Int.self) { $0 = ($0 ?? 0) + 1 } ?? 0
            try await context.reply("Stand-up #\(number): what did you do, what will you do, what is in your way?")
        }
        commands.command("stand-ups", "Says how many stand-ups were held.") { _, context in
            let held = try await context.storage.value("held", as: Int.self) ?? 0
            try await context.reply("\(held) stand-ups so far")
        }
        self.commands = commands
    }
}
