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

    /// Declares a command named by the bot's options whose one parameter, `text`, takes the rest of the line as
    /// written: `ask <question...>` reads no options from it, and quotes need not pair up (`!ask what's --force?`).
    /// For free text such as a question; `run` gets the text, which is required.
    public mutating func command(
        named name: String, optionKey: String = "command", text parameter: String, _ summary: String,
        aliases: [String] = [], _ run: @escaping @Sendable (String, BotContext) async throws -> Void
    ) throws(BotOptionError) {
        command(try Self.declaration(named: name, "<\(parameter)...>", optionKey: optionKey), takingTextAs: parameter, summary,
                aliases: aliases, run)
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
