import PersistentChatProtocol

/// Every command's handler, found by the command's type in one lookup; built by walking ``CommandCatalog``.
struct CommandTable: Sendable {
    private let handlers: [ObjectIdentifier: CommandHandler]

    /// The handler for `command`'s type, or nil when it has none.
    func handler(for command: any ChatCommand) -> CommandHandler? {
        handlers[ObjectIdentifier(type(of: command))]
    }

    /// The handler for commands of `type`, or nil when it has none.
    func handler(for type: any ChatCommand.Type) -> CommandHandler? {
        handlers[ObjectIdentifier(type)]
    }

    /// The table of `handlers` for the commands of `catalog`, or what is wrong with them: a catalogued command with no
    /// handler or with several, a handler for a command the catalog does not list.
    static func build(_ handlers: [CommandHandler],
                      catalog: [any ChatCommand.Type] = CommandCatalog.all) -> Result<CommandTable, CommandTableProblems> {
        let registered = Dictionary(grouping: handlers) { ObjectIdentifier($0.command) }
        var problems = CommandTableProblems()
        var table: [ObjectIdentifier: CommandHandler] = [:]
        for command in catalog {
            let found = registered[ObjectIdentifier(command)] ?? []
            switch found.count {
            case 0: problems.missing.append(command.name)
            case 1: table[ObjectIdentifier(command)] = found[0]
            default: problems.duplicated.append(command.name)
            }
        }
        let catalogued = Set(catalog.map(ObjectIdentifier.init))
        problems.notCatalogued = handlers.filter { !catalogued.contains(ObjectIdentifier($0.command)) }.map { $0.command.name }
        return problems.isEmpty ? .success(CommandTable(handlers: table)) : .failure(problems)
    }
}

/// What is wrong with a set of command handlers, by wire name; the server does not start with any of it.
struct CommandTableProblems: Error, Equatable, CustomStringConvertible {
    /// Catalogued commands without a handler.
    var missing: [String] = []
    /// Catalogued commands with more than one handler.
    var duplicated: [String] = []
    /// Handled commands the catalog does not list (no client frame can carry them).
    var notCatalogued: [String] = []

    var isEmpty: Bool { missing.isEmpty && duplicated.isEmpty && notCatalogued.isEmpty }

    var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("no handler for \(missing.joined(separator: ", "))") }
        if !duplicated.isEmpty { parts.append("several handlers for \(duplicated.joined(separator: ", "))") }
        if !notCatalogued.isEmpty { parts.append("handlers for uncatalogued \(notCatalogued.joined(separator: ", "))") }
        return "the command table is wrong: " + parts.joined(separator: "; ")
    }
}
