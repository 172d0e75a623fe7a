import BotKit
import Bots
import Foundation
import Testing

/// `bothost new-bot`: the package it writes, whole or not at all, and the names it refuses. (CI builds and tests a
/// package it writes, and starts it: Scripts/check-new-bot.sh.)
@Suite(.serialized) struct NewBotCommandTests {
    static func withFolder<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("new-bot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    static var bothost: String { get throws { try LiveProcess.bothost.path } }

    @Test func writesAPackageWithABotItsTestAndItsConfiguration() async throws {
        try await Self.withFolder { folder in
            let output = try await runCommand(try Self.bothost, ["new-bot", "stand-up", "--path", folder.path])
            let package = folder.appendingPathComponent("stand-up")
            #expect(output.contains("wrote \(package.path)"), "\(output)")
            let written = Set(try FileManager.default.subpathsOfDirectory(atPath: package.path))
            for path in ["Package.swift", "README.md", ".gitignore", "Sources/StandUpBots/StandUpBot.swift",
                         "Sources/stand-up-bothost/Bothost.swift", "Tests/StandUpBotsTests/StandUpBotTests.swift",
                         "config/host.yaml", "config/rooms/help-desk.yaml"] {
                #expect(written.contains(path), "\(path) missing from \(written.sorted())")
            }
            let manifest = try String(contentsOf: package.appendingPathComponent("Package.swift"), encoding: .utf8)
            #expect(manifest.contains(#".package(name: "PersistentChat", path: "#), "\(manifest)")
            let bot = try String(contentsOf: package.appendingPathComponent("Sources/StandUpBots/StandUpBot.swift"), encoding: .utf8)
            #expect(bot.contains(#"public static let typeName = "stand-up""#))
            #expect(bot.contains(#"commands.command("stand-up [<who>]""#))
            // The configuration as written loads, with the bot's type and option.
            var registry = ShippedBots.registry
            registry.register(StandUpStandIn.self)
            let configuration = try HostConfigurationLoader.load(path: package.appendingPathComponent("config/host.yaml").path,
                                                                 registry: registry, logger: HostFixture.logger)
            #expect(configuration.rooms.map(\.room) == ["help-desk"])
            #expect(ConfigurationReport.describe(configuration).contains("room help-desk") && ConfigurationReport.describe(configuration).contains("stand-up#0 (stand-up)"),
                    "\(ConfigurationReport.describe(configuration))")
        }
    }

    @Test func aURLDependencyNamesItsVersionAndTheHostAServer() async throws {
        try await Self.withFolder { folder in
            _ = try await runCommand(try Self.bothost, ["new-bot", "alerts", "--path", folder.path,
                                                        "--dependency", "https://git.example.com/chat/persistent-chat.git", "--from", "2.1.0"])
            let package = folder.appendingPathComponent("alerts")
            let manifest = try String(contentsOf: package.appendingPathComponent("Package.swift"), encoding: .utf8)
            #expect(manifest.contains(#".package(url: "https://git.example.com/chat/persistent-chat.git", from: "2.1.0")"#))
            #expect(manifest.contains(#".product(name: "BotKit", package: "persistent-chat")"#))
            let host = try String(contentsOf: package.appendingPathComponent("config/host.yaml"), encoding: .utf8)
            #expect(host.contains("server: ws://127.0.0.1:5061"))
            #expect(host.contains("password_env: BOT_PASSWORD"))
        }
    }

    @Test func refusesBadNamesAnExistingFolderAndAFolderThatIsNoCheckout() async throws {
        try await Self.withFolder { folder in
            for name in ["Stand-Up", "1st", "stand--up", "stand-", "stand_up", String(repeating: "a", count: 33)] {
                let error = await #expect(throws: (any Error).self) {
                    try await runCommand(try Self.bothost, ["new-bot", name, "--path", folder.path])
                }
                #expect("\(error.map { "\($0)" } ?? "")".contains("'\(name)' is not a bot name"), "\(name)")
            }
            for shipped in ["echo", "http"] {
                let taken = await #expect(throws: (any Error).self) {
                    try await runCommand(try Self.bothost, ["new-bot", shipped, "--path", folder.path])
                }
                #expect("\(taken.map { "\($0)" } ?? "")".contains("'\(shipped)' is the type of a bot this bothost has already"))
            }
            _ = try await runCommand(try Self.bothost, ["new-bot", "greeter", "--path", folder.path])
            let again = await #expect(throws: (any Error).self) {
                try await runCommand(try Self.bothost, ["new-bot", "greeter", "--path", folder.path])
            }
            #expect("\(again.map { "\($0)" } ?? "")".contains("greeter exists already"))
            let notACheckout = await #expect(throws: (any Error).self) {
                try await runCommand(try Self.bothost, ["new-bot", "other", "--path", folder.path, "--dependency", folder.path])
            }
            #expect("\(notACheckout.map { "\($0)" } ?? "")".contains("is not a Persistent Chat checkout"))
            // Nothing else was left: no half-written package, no hidden partial folder.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["greeter"])
        }
    }
}

/// Stands in for the generated bot type, to load its configuration.
struct StandUpStandIn: Bot {
    struct Options: Decodable, Sendable { var greeting: String? }
    static let typeName = "stand-up"
    init(options: Options, context: BotSetupContext) {}
}
