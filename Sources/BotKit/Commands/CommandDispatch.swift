import PersistentChat

/// Routes a message within one bot instance: to the command it names, else to the first pattern it matches, else to
/// the bot's own `handle`.
extension BotInstance {
    func handle(_ message: ChatMessage, _ context: BotContext) async throws {
        if case .drop(let reason) = await context.middleware.inbound(message, context: context) {
            context.logger.debug("message dropped by inbound middleware", metadata: ["message": "\(message.messageId)", "reason": "\(reason)"])
            return
        }
        let (route, body) = self.route(message, context)
        let call = BotCall(message: message, route: route, bot: name, botType: typeName)
        try await context.middleware.around(call, context: context, body: body)
    }

    /// What the message goes to, and the call that runs it.
    private func route(_ message: ChatMessage, _ context: BotContext) -> (BotCall.Route, @Sendable () async throws -> Void) {
        let addressing = context.addressing
        if let invocation = addressing.invocation(in: message.messageContent) {
            if let command = commands.command(calledBy: invocation.word) {
                return (.command(command.declaration.name), commandCall(command, invocation.arguments, word: invocation.word, context))
            }
            // A mention with words no command of the room declares goes to the command that answers mentions.
            if let text = invocation.mention, !invocation.isRoomCommand(roomCommandWords),
               let name = commands.mentionCommand, let command = commands.command(calledBy: name) {
                return (.command(command.declaration.name), commandCall(command, text, word: name, context))
            }
        }
        for pattern in commands.patterns {
            if let match = PatternMatch.first(pattern.regex, in: message.messageContent) {
                return (.pattern(pattern.source), { try await pattern.run(match, context) })
            }
        }
        return (.message, { [fallback] in try await fallback(message, context) })
    }

    /// Runs `command` with `arguments` (the text after the command word, or a mention's whole text), answering
    /// `--help` and usage errors from its declaration.
    private func commandCall(_ command: BotCommands.Command, _ arguments: Substring, word: String,
                             _ context: BotContext) -> @Sendable () async throws -> Void {
        let addressing = context.addressing
        return {
            if CommandDeclaration.asksForHelp(arguments) {
                try await context.reply(CommandHelp.detail(of: command, addressing: addressing))
                return
            }
            do {
                let parsed = try command.declaration.arguments(from: arguments)
                try await command.run(parsed, context)
            } catch let error as CommandUsageError {
                // From the declaration, the decoding, or the bot's own checks: the sender gets the reason and usage.
                try await context.reply(CommandHelp.usageError(error, word: word, command: command, addressing: addressing))
            }
        }
    }

    /// The room's own instance for `!help`, `!help <command>`, and, when `answerUnknown`, the answer to a command
    /// word no bot here declares.
    static func help(_ help: CommandHelp, answerUnknown: Bool) -> BotInstance {
        BotInstance(typeName: "help", name: HelpInstance.name, commands: BotCommands()) { message, context in
            guard let invocation = context.addressing.invocation(in: message.messageContent) else { return }
            if invocation.mention != nil, help.mentionsAnswered, !invocation.isRoomCommand(help.words) {
                return  // "@echobot help me with …" is a question for the bot that answers mentions.
            }
            if invocation.word == "help" {
                let topic = invocation.arguments.split(whereSeparator: \.isWhitespace).first.map(String.init)
                guard let topic else {
                    try await context.reply(help.overview)
                    return
                }
                try await context.reply(help.detail(topic) ?? help.unknown(topic))
            } else if answerUnknown, !invocation.word.isEmpty, !help.declares(invocation.word),
                      invocation.mention == nil || !help.mentionsAnswered {
                try await context.reply(help.unknown(invocation.word))
            }
        }
    }
}

/// The help instance's name, which room files cannot give a bot.
enum HelpInstance {
    static let name = "help"
}
