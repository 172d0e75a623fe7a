import ArgumentParser
import BotKit
import Foundation

/// `bothost storage …`: the bots' stored values in the ledger, for an operator.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Show and delete the values bots stored (context.storage) in the ledger.",
        subcommands: [StorageScopes.self, StorageList.self, StorageGet.self, StorageDelete.self])
}

/// Which storage a subcommand means: an instance's (`--room` and `--bot`) or a type's shared one (`--shared`).
struct StorageTarget: ParsableArguments {
    @Option(help: "The room's URI (ma-chan://…), as `bothost storage scopes` prints it.")
    var room: String?

    @Option(help: "The bot's id in the room (the entry's id, or type#index).")
    var bot: String?

    @Option(help: "A bot type: its storage shared by every instance, instead of --room and --bot.")
    var shared: String?

    /// The owner (room, or nil for shared) and bot columns.
    func scope() throws -> (room: String?, bot: String) {
        switch (room, bot, shared) {
        case (let room?, let bot?, nil): return (room, bot)
        case (nil, nil, let type?): return (nil, type)
        default: throw ValidationError("give --room and --bot (an instance's storage), or --shared TYPE")
        }
    }
}

extension HostOptions {
    /// The storage of the ledger host.yaml names (open for writing with `writing`); fails saying why when there is none.
    func storage(writing: Bool = false) throws -> StorageAdministration {
        let logger = bootstrapLogging()
        let configuration = try load(logger: logger)
        guard let path = configuration.ledgerPath else {
            throw ValidationError("host.yaml has ledger: off: stored values are kept in memory by the running host only")
        }
        return try StorageAdministration(ledgerPath: path, writing: writing)
    }
}

struct StorageScopes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scopes", abstract: "List the storages that hold values.")
    @OptionGroup var options: HostOptions

    func run() async throws {
        for scope in try options.storage().scopes() {
            let owner = scope.room.map { "--room \($0) --bot \(scope.bot)" } ?? "--shared \(scope.bot)"
            print("\(owner): \(scope.keys) keys, \(scope.bytes) bytes")
        }
    }
}

struct StorageList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys of one storage.")
    @OptionGroup var options: HostOptions
    @OptionGroup var target: StorageTarget
    @Argument(help: "Only the keys that start with this.") var prefix = ""

    func run() async throws {
        let (room, bot) = try target.scope()
        let now = Date().timeIntervalSince1970
        for entry in try options.storage().keys(room: room, bot: bot, prefix: prefix) {
            let expiry = entry.expires.map { $0 <= now ? ", expired" : ", expires \(Date(timeIntervalSince1970: $0).ISO8601Format())" } ?? ""
            print("\(entry.key) (\(entry.bytes) bytes\(expiry))")
        }
    }
}

struct StorageGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one stored value, as JSON.")
    @OptionGroup var options: HostOptions
    @OptionGroup var target: StorageTarget
    @Argument(help: "The key.") var key: String

    func run() async throws {
        let (room, bot) = try target.scope()
        guard let value = try options.storage().value(room: room, bot: bot, key: key) else {
            FileHandle.standardError.write(Data("bothost: no value under '\(key)'\n".utf8))
            throw ExitCode.failure
        }
        print(value)
    }
}

struct StorageDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete one stored value (a running host writes it again when its bot does).")
    @OptionGroup var options: HostOptions
    @OptionGroup var target: StorageTarget
    @Argument(help: "The key.") var key: String

    func run() async throws {
        let (room, bot) = try target.scope()
        guard try options.storage(writing: true).delete(room: room, bot: bot, key: key) else {
            FileHandle.standardError.write(Data("bothost: no value under '\(key)'\n".utf8))
            throw ExitCode.failure
        }
        print("deleted \(key)")
    }
}
