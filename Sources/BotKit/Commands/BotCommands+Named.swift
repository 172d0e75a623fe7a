import PersistentChat

extension BotCommands {
    /// Declares a command whose name comes from the bot's options, e.g.
    /// `try commands.command(named: options.command ?? "echo", "<text...>", "Repeats the text.") { … }`.
    ///
    /// `parameters` is the rest of the declaration after the name (see ``CommandDeclaration``). A name that is not a
    /// valid command name is thrown as a ``BotOptionError`` for `optionKey`, so the host refuses the room file naming
    /// that key.
    public mutating func command(
        named name: String, optionKey: String = "command", _ parameters: String = "", _ summary: String,
        aliases: [String] = [], _ run: @escaping @Sendable (CommandArguments, BotContext) async throws -> Void
    ) throws(BotOptionError) {
        command(try Self.declaration(named: name, parameters, optionKey: optionKey), summary, aliases: aliases, run)
    }

    /// Declares a command whose name comes from the bot's options and whose arguments decode into `Arguments`.
    public mutating func command<Arguments: Decodable & Sendable>(
        named name: String, optionKey: String = "command", _ parameters: String = "", _ summary: String,
        aliases: [String] = [], as type: Arguments.Type,
        _ run: @escaping @Sendable (Arguments, BotContext) async throws -> Void
    ) throws(BotOptionError) {
        command(try Self.declaration(named: name, parameters, optionKey: optionKey), summary, aliases: aliases, as: type, run)
    }

    /// The declaration text for `name` and `parameters`, or the option error that names `optionKey`.
    private static func declaration(named name: String, _ parameters: String, optionKey: String) throws(BotOptionError) -> String {
        do {
            try CommandDeclaration.checkName(name)
            return try CommandDeclaration(parameters.isEmpty ? name : "\(name) \(parameters)").description
        } catch {
            throw BotOptionError(key: optionKey, reason: error.reason)
        }
    }
}
