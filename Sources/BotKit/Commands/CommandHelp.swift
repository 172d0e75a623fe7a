import PersistentChat

/// Help and usage texts, generated from a room's command declarations.
struct CommandHelp: Sendable {
    /// A command and the bot instance that declared it.
    struct Entry: Sendable {
        let bot: String
        let command: BotCommands.Command
    }

    let addressing: CommandAddressing
    let entries: [Entry]
    /// What the room's patterns listen for, by their summaries.
    let listening: [String]
    /// The command that answers mentions with words no command declares, if a bot of the room has one.
    var mentionCommand: String?
    var mentionsAnswered: Bool { mentionCommand != nil }
    /// Every command word of the room, with `help`.
    var words: Set<String> {
        Set(entries.flatMap { [$0.command.declaration.name] + $0.command.aliases } + ["help"])
    }

    /// The whole list, for `!help`.
    var overview: String {
        var how = "start a message with \(addressing.prefix)"
        if let name = addressing.mentionNames.first { how += " or @\(name)" }
        var lines = ["Commands here (\(how)):"]
        for entry in entries {
            var line = "\(usage(entry.command)): \(entry.command.summary)"
            if !entry.command.aliases.isEmpty {
                line += " Also: \(entry.command.aliases.map(addressing.shown).joined(separator: ", "))."
            }
            lines.append(line)
        }
        lines.append("\(addressing.shown("help")) [<command>]: Lists the commands, or explains one.")
        if !listening.isEmpty { lines.append("Also listening for: \(listening.joined(separator: "; ")).") }
        if let mentionCommand, let name = addressing.mentionNames.first {
            lines.append("@\(name) <anything else>: goes to \(addressing.shown(mentionCommand)).")
        }
        return lines.joined(separator: "\n")
    }

    /// One command's help, for `!help deploy` and `!deploy --help`; nil when no command is called `word`.
    func detail(_ word: String) -> String? {
        let word = word.lowercased().hasPrefix(addressing.prefix) ? String(word.dropFirst(addressing.prefix.count)) : word
        if word.lowercased() == "help" {
            return "\(addressing.shown("help")) [<command>]\nLists the commands, or explains one."
        }
        guard let entry = entries.first(where: { $0.command.declaration.name == word.lowercased() || $0.command.aliases.contains(word.lowercased()) }) else {
            return nil
        }
        return Self.detail(of: entry.command, addressing: addressing)
    }

    static func detail(of command: BotCommands.Command, addressing: CommandAddressing) -> String {
        var lines = [usage(command, addressing: addressing), command.summary]
        if !command.aliases.isEmpty { lines.append("Also called: \(command.aliases.map(addressing.shown).joined(separator: ", ")).") }
        return lines.joined(separator: "\n")
    }

    /// The answer to a command word nobody here declares, with the nearest name when one is close.
    func unknown(_ word: String) -> String {
        var text = "\(addressing.shown(word)) is not a command here."
        if let near = NearestName.to(word, among: entries.flatMap { [$0.command.declaration.name] + $0.command.aliases } + ["help"]) {
            text += " Did you mean \(addressing.shown(near))?"
        }
        return text + " \(addressing.shown("help")) lists them."
    }

    /// Whether some command here is called `word`.
    func declares(_ word: String) -> Bool {
        word == "help" || entries.contains { $0.command.declaration.name == word || $0.command.aliases.contains(word) }
    }

    private func usage(_ command: BotCommands.Command) -> String { Self.usage(command, addressing: addressing) }

    static func usage(_ command: BotCommands.Command, addressing: CommandAddressing) -> String {
        addressing.prefix + command.declaration.description
    }

    /// The usage error's answer: `!deploy: <service> is missing. Usage: !deploy <service> [--env prod]`.
    static func usageError(_ error: CommandUsageError, word: String, command: BotCommands.Command, addressing: CommandAddressing) -> String {
        "\(addressing.shown(word)): \(error.reason). Usage: \(usage(command, addressing: addressing))"
    }
}

/// The closest name by edit distance, if it is close enough to be a likely typo.
enum NearestName {
    static func to(_ word: String, among names: [String]) -> String? {
        let limit = word.count <= 4 ? 1 : 2
        let scored = names.map { ($0, distance(Array(word), Array($0))) }.filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 }?.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
