import PersistentChat
import YAMLConfig
import Yams

/// A configured bot, its type erased.
struct BotInstance: Sendable {
    let typeName: String
    /// The instance's name in its room: the entry's `id`, or `type#index`. The ledger and reply ids use it.
    var name: String
    /// What the bot declares; the host routes addressed messages to these.
    let commands: BotCommands
    /// The bot's ``Bot/handle(_:context:)``, for messages no command or pattern took.
    let fallback: @Sendable (ChatMessage, BotContext) async throws -> Void
    /// The bot's event handler.
    var onEvent: @Sendable (BotEvent, BotContext) async throws -> Void = { _, _ in }
    /// Timeout, concurrency and circuit breaker, from the room file's entry.
    var supervision = SupervisionPolicy()
    /// Every command word of the room (names and aliases of all its bots, and `help`): a mention that starts with one
    /// is that command's, never a question for the bot that answers mentions.
    var roomCommandWords: Set<String> = []
}

/// Maps `type:` names to bot types.
public struct BotRegistry: Sendable {
    /// Builds an instance from a room file's bot entry; throws ``ConfigError``.
    typealias Factory = @Sendable (_ file: YAMLConfigFile, _ node: Node, _ path: [any CodingKey], _ context: BotSetupContext) throws -> BotInstance
    private var factories: [String: Factory] = [:]

    public init() {}

    /// Registers a bot type under its ``Bot/typeName``; a name registered twice is a programming error.
    public mutating func register<B: Bot>(_ type: B.Type) {
        precondition(factories[B.typeName] == nil, "bot type '\(B.typeName)' is registered twice")
        factories[B.typeName] = { file, node, path, context in
            try Self.make(B.self, file: file, node: node, path: path, context: context)
        }
    }

    /// This registry with `types` registered as well, e.g. `ShippedBots.registry + [StandupBot.self]`.
    public static func + (registry: BotRegistry, types: [any Bot.Type]) -> BotRegistry {
        var combined = registry
        for type in types { combined.register(type) }
        return combined
    }

    /// The registered type names, sorted.
    public var typeNames: [String] { factories.keys.sorted() }

    func factory(for typeName: String) -> Factory? { factories[typeName] }

    private static func make<B: Bot>(
        _ type: B.Type, file: YAMLConfigFile, node: Node, path: [any CodingKey], context: BotSetupContext
    ) throws -> BotInstance {
        let options = try file.decodeRefusingUnknownKeys(B.Options.self, from: node, at: path, alsoAllowed: HostKeys.botEntry,
                                                          owner: "bot type '\(B.typeName)'")
        let bot: B
        do {
            bot = try B(options: options, context: context)
        } catch let error as BotOptionError {
            // A nested option (`hooks[0].preset`) is found in the file by its parts, for its line.
            throw file.error(at: path + ConfigKeyPath.keys(error.key), error.reason)
        } catch {
            throw file.error(at: path, "bot '\(B.typeName)' refused its options: \(error)")
        }
        var instance = BotInstance(typeName: B.typeName, name: B.typeName, commands: bot.commands) { message, context in
            try await bot.handle(message, context: context)
        }
        instance.onEvent = { event, context in try await bot.handle(event, context: context) }
        return instance
    }
}

/// Keys of a bot entry that the host reads, beside the bot's own options.
enum HostKeys {
    static let botEntry = BotEntry.hostKeys
}
