import Foundation

/// The files of a new bot package, by path inside it: a bot with one command and one option, its BotKitTesting
/// test, bothost with the shipped bots and this one, a host.yaml and a room file.
struct BotPackageTemplate {
    let names: BotPackageName
    let dependency: BotPackageDependency
    /// Where the package is written (for the relative paths to the dependency's demo configuration).
    let folder: URL

    var files: [(path: String, text: String)] {
        [
            ("Package.swift", manifest),
            ("README.md", readme),
            (".gitignore", ".build/\n.swiftpm/\nPackage.resolved\nconfig/state/\n"),
            ("Sources/\(names.module)/\(names.botType).swift", bot),
            ("Sources/\(names.executable)/Bothost.swift", bothost),
            ("Tests/\(names.testModule)/\(names.botType)Tests.swift", test),
            ("config/host.yaml", hostYAML),
            ("config/rooms/help-desk.yaml", roomYAML),
        ]
    }

    /// How the manifest's products name the Persistent Chat package.
    private var package: String {
        switch dependency {
        case .path: "PersistentChat"
        case .url(let url, _):
            String(url.split(separator: "/").last ?? "").replacingOccurrences(of: ".git", with: "").lowercased()
        }
    }

    private var manifest: String {
        """
        // swift-tools-version:6.1
        import PackageDescription

        let package = Package(
            name: "\(names.name)",
            platforms: [.macOS(.v15)],
            dependencies: [
                \(dependency.manifestEntry(from: folder)),
            ],
            targets: [
                // The bot: a type conforming to BotKit's `Bot`.
                .target(
                    name: "\(names.module)",
                    dependencies: [.product(name: "BotKit", package: "\(package)")]
                ),
                // bothost's command line with the shipped bots and this one: `swift run` starts it.
                .executableTarget(
                    name: "\(names.executable)",
                    dependencies: [
                        "\(names.module)",
                        .product(name: "BotKit", package: "\(package)"),
                        .product(name: "BothostCommandLine", package: "\(package)"),
                        .product(name: "Bots", package: "\(package)"),
                    ]
                ),
                // The bot's tests, against a real pchatd in the test process.
                .testTarget(
                    name: "\(names.testModule)",
                    dependencies: [
                        "\(names.module)",
                        .product(name: "BotKit", package: "\(package)"),
                        .product(name: "BotKitTesting", package: "\(package)"),
                    ]
                ),
            ],
            swiftLanguageModes: [.v6]
        )

        """
    }

    private var bot: String {
        """
        import BotKit

        /// Answers `!\(names.name) [<who>]` with the greeting its room file gives.
        public struct \(names.botType): Bot {
            /// The keys beside `type: \(names.name)` in a room file.
            public struct Options: Decodable, Sendable {
                /// What the bot says (`greeting:`, "Hello" when not given).
                public var greeting: String?
            }

            public static let typeName = "\(names.name)"
            public let commands: BotCommands

            public init(options: Options, context: BotSetupContext) throws {
                let greeting = options.greeting ?? "Hello"
                guard !greeting.isEmpty else { throw BotOptionError(key: "greeting", reason: "must not be empty") }
                var commands = BotCommands()
                commands.command("\(names.name) [<who>]", "Greets someone, or everyone.") { arguments, context in
                    try await context.reply("\\(greeting), \\(arguments["who"] ?? "everyone")!")
                }
                self.commands = commands
            }
        }

        """
    }

    private var bothost: String {
        """
        import BotKit
        import BothostCommandLine
        import Bots
        import \(names.module)

        /// bothost with the shipped bots and \(names.botType).
        @main
        enum Bothost {
            static func main() async {
                await BothostCommand.main(registry: ShippedBots.registry + [\(names.botType).self])
            }
        }

        """
    }

    private var test: String {
        """
        import BotKitTesting
        import \(names.module)
        import Testing

        @Test func greetsWithTheGreetingOfItsRoomFile() async throws {
            try await withBotHarness(\(names.botType).self, options: "greeting: Good morning") { harness in
                try await harness.send("!\(names.name) team")
                try await harness.expectReply("Good morning, team!")
                try await harness.send("!\(names.name)")
                try await harness.expectReply("Good morning, everyone!")
            }
        }

        @Test func refusesAnEmptyGreeting() async throws {
            let error = await #expect(throws: (any Error).self) {
                try await withBotHarness(\(names.botType).self, options: "greeting: ''") { _ in }
            }
            #expect("\\(error.map { "\\($0)" } ?? "")".contains("greeting: must not be empty"))
        }

        """
    }

    private var hostYAML: String {
        switch dependency {
        case .path(let checkout):
            let demo = BotPackageDependency.relativePath(to: checkout.appendingPathComponent("config"),
                                                         from: folder.appendingPathComponent("config"))
            return """
                # bothost for the \(names.name) bot. `swift run` starts it with this file against the demo pchatd of the
                # Persistent Chat checkout, run in this process. In production, point `server:` at a running pchatd
                # (wss://HOST:PORT) and give the bot's own account.
                server: embedded
                embedded: \(demo)/server.yaml
                endpoints:
                  - uri: sip:echobot@contoso.com
                    password_file: \(demo)/demo-secrets/echobot.password   # DEMO ONLY password
                rooms: rooms                   # one file per room

                """
        case .url:
            return """
                # bothost for the \(names.name) bot. `swift run` starts it with this file.
                server: ws://127.0.0.1:5061     # a running pchatd (wss://HOST:PORT off this machine)
                endpoints:
                  - uri: sip:echobot@contoso.com   # the bot's account
                    password_env: BOT_PASSWORD     # or password_file: PATH
                rooms: rooms                   # one file per room

                """
        }
    }

    private var roomYAML: String {
        """
        room: help-desk
        endpoint: sip:echobot@contoso.com
        bots:
          - type: \(names.name)
            greeting: Good morning

        """
    }

    private var readme: String {
        """
        # \(names.name)

        A chat bot for Persistent Chat rooms, run by bothost.

        - `Sources/\(names.module)/\(names.botType).swift`: the bot, answering `!\(names.name) [<who>]`.
        - `Tests/\(names.testModule)/`: its tests, against a real pchatd in the test process: `swift test`.
        - `config/host.yaml` and `config/rooms/`: where it runs: `swift run` starts bothost with them
          (`swift run \(names.executable) validate` checks them without connecting).

        """
    }
}
