import BotKit

/// Counts every message of its room in storage, pausing between its steps so that a host killed at any moment is
/// likely killed inside a handler: it reads the count, pauses, writes the count and a mark for the message, pauses
/// again. `!total` says the count and how many messages are marked.
struct CountingBot: Bot {
    struct Options: Decodable, Sendable {}
    static let typeName = "counting"
    let commands: BotCommands

    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("total", "Says the count and the marks.") { _, context in
            let count = try await context.storage.value("count", as: Int.self) ?? 0
            let marks = try await context.storage.keys(prefix: "seen/").count
            try await context.reply("total \(count) marked \(marks)")
        }
        self.commands = commands
    }

    func handle(_ message: ChatMessage, context: BotContext) async throws {
        let count = try await context.storage.value("count", as: Int.self) ?? 0
        try await Task.sleep(for: .milliseconds(2))
        try await context.storage.set("count", to: count + 1)
        try await context.storage.set("seen/\(message.messageId)", to: true)
        try await Task.sleep(for: .milliseconds(2))
    }
}
