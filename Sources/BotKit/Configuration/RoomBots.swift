import PersistentChat
import YAMLConfig
import Yams

/// Makes a room's bot instances from its bot entries (a room file's `bots`, or host.yaml's `invitations.bots`): each
/// by its type's factory over host.yaml's defaults for the type, supervised as its entry says, named, and checked
/// against the others; then the room's help.
struct RoomBots {
    /// host.yaml, for `defaults`; errors about a key only the defaults give name it.
    let hostFile: YAMLConfigFile
    let registry: BotRegistry

    /// The instances for `entries`, found at `base` in `yaml`.
    func make(_ entries: [BotEntry], in yaml: YAMLConfigFile, at base: [any CodingKey], context: BotSetupContext,
              commands: RoomCommandSettings) throws(ConfigError) -> [BotInstance] {
        typealias K = ConfigKey
        var bots: [BotInstance] = []
        for (index, entry) in entries.enumerated() {
            let at: [any CodingKey] = base + [K(index)]
            guard let factory = registry.factory(for: entry.type) else {
                throw yaml.error(at: at + [K("type")],
                                 "unknown bot type '\(entry.type)' (registered: \(registry.typeNames.joined(separator: ", ")))")
            }
            guard let entryNode = yaml.node(at: at) else { continue }
            let defaults = hostFile.node(at: [K("defaults"), K(entry.type)])
            let node = BotDefaults.layer(entryNode, over: defaults)
            do {
                let supervision = try yaml.decode(SupervisionEntry.self, from: node, at: at).policy
                var setup = context
                setup.callTimeout = supervision.timeout
                var bot = try factory(yaml, node, at, setup)
                bot.supervision = supervision
                if let id = entry.id, bots.contains(where: { $0.name == id }) {
                    throw yaml.error(at: at + [K("id")], "another bot in this room is already named '\(id)'")
                }
                bot.name = entry.id ?? "\(entry.type)#\(index)"
                try checkCommands(of: bot, against: bots, yaml: yaml, at: at)
                bots.append(bot)
            } catch let error as ConfigError {
                throw BotDefaults.attribute(error, entry: entryNode, at: at, defaults: defaults, type: entry.type, hostFile: hostFile)
            } catch {
                throw yaml.error(at: at, "\(error)")
            }
        }
        if commands.help, bots.contains(where: { !$0.commands.commands.isEmpty || !$0.commands.patterns.isEmpty }) {
            let help = CommandHelp(addressing: commands.addressing,
                                   entries: bots.flatMap { bot in bot.commands.commands.map { .init(bot: bot.name, command: $0) } },
                                   listening: bots.flatMap { $0.commands.patterns.compactMap(\.summary) },
                                   mentionCommand: bots.lazy.compactMap(\.commands.mentionCommand).first)
            bots.append(.help(help, answerUnknown: commands.answerUnknown))
        }
        let hasHelp = bots.contains { $0.name == HelpInstance.name }
        let words = Set(bots.flatMap { $0.commands.names.map(\.name) } + (hasHelp ? ["help"] : []))
        for index in bots.indices { bots[index].roomCommandWords = words }
        return bots
    }

    /// Refuses a bot whose declarations are faulty, or whose command names another bot in the room already uses.
    private func checkCommands(of bot: BotInstance, against earlier: [BotInstance], yaml: YAMLConfigFile,
                               at: [any CodingKey]) throws(ConfigError) {
        if let problem = bot.commands.problems.first {
            throw yaml.error(at: at + [ConfigKey("type")], "bot type '\(bot.typeName)' declares a faulty command: \(problem)")
        }
        if let mentions = bot.commands.mentionCommand {
            guard bot.commands.command(calledBy: mentions) != nil else {
                throw yaml.error(at: at + [ConfigKey("type")],
                                 "bot type '\(bot.typeName)' answers mentions with '\(mentions)', which it does not declare")
            }
            if let other = earlier.first(where: { $0.commands.mentionCommand != nil }) {
                throw yaml.error(at: at, "bot '\(other.name)' in this room answers mentions already; only one bot of a room may")
            }
        }
        for (name, command) in bot.commands.names {
            for other in earlier {
                guard let clash = other.commands.command(calledBy: name) else { continue }
                let mine = name == command.declaration.name ? "its command '\(name)'" : "its alias '\(name)' (of '\(command.declaration.name)')"
                let theirs = name == clash.declaration.name ? "a command" : "an alias of '\(clash.declaration.name)'"
                throw yaml.error(at: at, "\(mine) is already \(theirs) of bot '\(other.name)' in this room; give one of them another name")
            }
        }
    }
}

/// A room's `commands` settings, over the defaults: how messages address its bots, and its help.
struct RoomCommandSettings {
    var addressing: CommandAddressing
    var help: Bool
    var answerUnknown: Bool

    /// The settings of `entry` (the defaults when nil) for a room joined by `endpoint`, whose user part is the name
    /// that mentions address.
    init(_ entry: CommandsEntry?, endpoint: String) {
        let user = endpoint.lowercased().dropFirst("sip:".count).prefix { $0 != "@" }
        addressing = CommandAddressing(prefix: (entry?.prefix ?? .standard).text, mentionNames: entry?.mention ?? true ? [String(user)] : [])
        help = entry?.help ?? true
        answerUnknown = (entry?.unknown ?? .answer) == .answer
    }
}
