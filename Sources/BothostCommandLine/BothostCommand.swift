import ArgumentParser
import BotKit

/// bothost's whole command line (run, `validate`, `--dry-run`, SIGHUP reload, `--watch`), with the bot types it knows
/// given by the caller, so that a package of one's own can run the shipped bots and its own:
///
/// ```swift
/// @main enum TeamBothost {
///     static func main() async {
///         await BothostCommand.main(registry: ShippedBots.registry + [OnCallBot.self])
///     }
/// }
/// ```
public struct BothostCommand: AsyncParsableCommand {
    /// The command's name, abstract and subcommands (`run`, the default, `validate`, `storage` and `new-bot`).
    public static let configuration = CommandConfiguration(
        commandName: "bothost",
        abstract: "Run chat bots in Persistent Chat rooms, configured per room in YAML.",
        subcommands: [RunHost.self, ValidateConfiguration.self, StorageCommand.self, NewBotCommand.self],
        defaultSubcommand: RunHost.self)

    /// An instance as ArgumentParser makes it; run bothost through ``main(registry:middleware:arguments:)``.
    public init() {}

    /// bothost needs its bot types: call ``main(registry:middleware:arguments:)``.
    @available(*, unavailable, message: "give bothost its bot types: BothostCommand.main(registry: …)")
    public static func main() async {}

    /// Parses `arguments` (the process's own when nil) and runs bothost with the bot types of `registry`, and
    /// `middleware` around every bot after the room files' own; exits the process with bothost's exit code.
    public static func main(registry: BotRegistry, middleware: [any BotMiddleware] = [], arguments: [String]? = nil) async {
        await HostExtensions.$current.withValue(HostExtensions(registry: registry, middleware: middleware)) {
            await main(arguments)
        }
    }
}

/// What the caller of ``BothostCommand/main(registry:middleware:arguments:)`` adds to the host.
struct HostExtensions: Sendable {
    var registry = BotRegistry()
    var middleware: [any BotMiddleware] = []

    @TaskLocal static var current = HostExtensions()
}
