/// Routes a message within one bot instance: to the command it names, else to the first pattern it matches, else to
/// the bot's own `handle`.
extension BotInstance {
    func handle(_ message: ChatMessage, _ context: BotContext) async throws {
        let addressing = context.addressing
        if let invocation = addressing.invocation(in: message.messageContent),
           let command = commands.command(named: invocation.word) {
            if CommandDeclaration.asksForHelp(invocation.arguments) {
                try await context.reply(CommandHelp.detail(of: command, addressing: addressing))
                return
            }
            do {
                let arguments = try command.declaration.arguments(from: invocation.arguments)
                try await command.run(arguments, context)
            } catch let error as CommandUsageError {
                // From the declaration, the decoding, or the bot's own checks: the sender gets the reason and usage.
                try await context.reply(CommandHelp.usageError(error, word: invocation.word, command: command, addressing: addressing))
            }
            return
        }
        for pattern in commands.patterns {
            if let match = PatternMatch.first(pattern.source, in: message.messageContent) {
                try await pattern.run(match, context)
                return
            }
        }
        try await fallback(message, context)
    }

    /// The room's own instance for `!help`, `!help <command>`, and, when `answerUnknown`, the answer to a command
    /// word no bot here declares.
    static func help(_ help: CommandHelp, answerUnknown: Bool) -> BotInstance {
        BotInstance(typeName: "help", name: HelpInstance.name, commands: BotCommands()) { message, context in
            guard let invocation = context.addressing.invocation(in: message.messageContent) else { return }
            if invocation.word == "help" {
                let topic = invocation.arguments.split(whereSeparator: \.isWhitespace).first.map(String.init)
                guard let topic else {
                    try await context.reply(help.overview)
                    return
                }
                try await context.reply(help.detail(topic) ?? help.unknown(topic))
            } else if answerUnknown, !help.declares(invocation.word) {
                try await context.reply(help.unknown(invocation.word))
            }
        }
    }
}

/// The help instance's name, which room files cannot give a bot.
enum HelpInstance {
    static let name = "help"
}
