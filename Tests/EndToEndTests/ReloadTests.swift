import BotKit
import Bots
import Foundation
import PersistentChat
import Testing
import YAMLConfig

/// Reloads: room by room in process, refused whole when any part is wrong, and in a bothost process on SIGHUP and on
/// a file change, with `validate` and `--dry-run`.
@Suite struct ReloadTests {
    static let bot = "sip:echobot@contoso.com"
    static func echo(_ room: String, command: String = "echo") -> String {
        "room: \(room)\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    command: \(command)\n"
    }

    func ask(_ session: ChatRoomSession, _ text: String, within seconds: Double = 10) async throws -> String? {
        let messages = session.messages
        let asked = try await session.sendChatMessage(text)
        return await first(messages, within: seconds) { $0.messageAuthor.value == Self.bot && $0.messageId > asked }?.messageContent
    }

    func write(_ text: String, _ name: String, in fixture: HostFixture) throws {
        try text.write(to: fixture.folder.appendingPathComponent("rooms/\(name)"), atomically: true, encoding: .utf8)
    }

    @Test func aReloadStartsRestartsAndStopsRoomsAndLeavesTheOthersAlone() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.echo("help-desk"), "team.yaml": Self.echo("team"),
                                                                  "quiet.yaml": Self.echo("quiet")])
            let registry = BotCommandTests.registry
            try await fixture.withHost(registry: registry) { host in
                let (alice, help) = try await server.join("alice", "help-desk")
                let team = ChatRoomSession(endpoint: alice)
                try await team.join(name: "team")
                // The bot must not leave help-desk, whose file does not change.
                let helpEvents = help.events
                let leftHelpDesk = Task {
                    await first(helpEvents, within: 60) { event in
                        if case .participantAttendanceChanged(let who, isActive: false) = event { return who.sipUri.value == Self.bot }
                        return false
                    } != nil
                }
                // Posted just before the reload: answered once, by the old or the new instance.
                for n in 1...3 { try await team.sendChatMessage("!echo before-\(n)") }
                try write("room: team\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n  - type: deploy\n", "team.yaml", in: fixture)
                try write(Self.echo("support-team"), "support-team.yaml", in: fixture)
                try FileManager.default.removeItem(at: fixture.folder.appendingPathComponent("rooms/quiet.yaml"))
                let plan = try await host.reload(try fixture.load(registry: registry))
                #expect(plan.rooms.map { "\($0.change) \($0.room)" }.sorted() == ["restart team", "start support-team", "stop quiet"])
                #expect(plan.hostChanges.isEmpty)
                #expect(await eventually { await host.joinedRooms == ["help-desk", "support-team", "team"] })

                #expect(try await ask(team, "!deploy api") == "deploying api to prod x1 for sip:alice@contoso.com")
                let support = ChatRoomSession(endpoint: alice)
                try await support.join(name: "support-team")
                #expect(try await ask(support, "!echo in the new room") == "in the new room")
                #expect(try await ask(help, "!echo still here") == "still here")
                let counts = try await RoomTranscript.settledCounts(in: team, by: Self.bot) { counts in (1...3).allSatisfy { counts["before-\($0)"] != nil } }
                #expect((1...3).map { counts["before-\($0)"] } == [1, 1, 1])
                leftHelpDesk.cancel()
                #expect(await leftHelpDesk.value == false)
            }
        }
    }

    @Test func aReloadWithAnyFaultChangesNothing() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["team.yaml": Self.echo("team")])
            try await fixture.withHost(registry: BotCommandTests.registry) { host in
                let (_, team) = try await server.join("alice", "team")
                // A changed room together with a room that cannot be joined: neither takes effect.
                try write(Self.echo("team", command: "say"), "team.yaml", in: fixture)
                try write(Self.echo("no-such-room"), "missing.yaml", in: fixture)
                await #expect {
                    try await host.reload(try fixture.load(registry: BotCommandTests.registry))
                } throws: { error in
                    guard let error = error as? ConfigError else { return false }
                    return error.file.hasSuffix("missing.yaml") && error.key == "room" && error.reason.contains("no-such-room")
                }
                #expect(try await ask(team, "!echo old config") == "old config")
                // A host setting that needs a restart: refused, naming it.
                try FileManager.default.removeItem(at: fixture.folder.appendingPathComponent("rooms/missing.yaml"))
                let hostYAML = try String(contentsOfFile: fixture.hostFile, encoding: .utf8)
                try (hostYAML + "\nreconnect: {max: 5s}\n").write(toFile: fixture.hostFile, atomically: true, encoding: .utf8)
                await #expect {
                    try await host.reload(try fixture.load(registry: BotCommandTests.registry))
                } throws: { error in
                    (error as? ConfigError)?.key == "reconnect" && (error as? ConfigError)?.reason.contains("needs a restart") == true
                }
                #expect(try await ask(team, "!echo still old") == "still old")
                // The good part alone goes through.
                try hostYAML.write(toFile: fixture.hostFile, atomically: true, encoding: .utf8)
                try await host.reload(try fixture.load(registry: BotCommandTests.registry))
                #expect(try await ask(team, "!say new config") == "new config")
            }
        }
    }

    @Test func bothostReloadsOnSIGHUPAndOnAFileChangeAndKeepsTheLastGoodConfiguration() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.echo("help-desk")])
            try await withBothost(config: fixture.hostFile, ["--watch", "1500ms"]) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                let (_, session) = try await server.join("alice", "help-desk")

                // A bad file is refused, with its file, key and reason; the bot answers as before.
                try write("room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: ecko\n", "help-desk.yaml", in: fixture)
                bothost.hangUp()
                #expect(await bothost.waitFor(.stderr, containing: "trigger=SIGHUP"))
                #expect(bothost.stderr.contains("reload refused"))
                #expect(bothost.stderr.contains("help-desk.yaml:4: bots[0].type: unknown bot type 'ecko'"))
                #expect(try await ask(session, "!echo still the old bot") == "still the old bot")

                // --dry-run, from another process, compares the files with what runs (the watcher waits two looks, 3 s, before
                // it reloads the fixed file).
                try write(Self.echo("help-desk", command: "say"), "help-desk.yaml", in: fixture)
                try await withBothost(config: fixture.hostFile, ["--dry-run"]) { dryRun in
                    #expect(await dryRun.exitStatus() == 0)
                    #expect(dryRun.stdout.contains("a reload would:\nrestart room help-desk"))
                }

                // The watcher sees the fixed file and applies it.
                #expect(await bothost.waitFor(.stderr, containing: "configuration reloaded", seconds: 15))
                #expect(try await ask(session, "!say reloaded") == "reloaded")
                bothost.interrupt()
                #expect(await bothost.exitStatus() == 0)
            }
        }
    }

    /// The README's first command runs this configuration: it must stay valid as keys are added.
    @Test func theShippedDemoConfigurationIsValid() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try HostConfigurationLoader.load(path: repository.appendingPathComponent("config/host.yaml").path,
                                                             registry: ShippedBots.registry, logger: HostFixture.logger)
        #expect(configuration.rooms.map(\.room) == ["help-desk", "status"])
        #expect(configuration.invitations.accept)
    }

    @Test func validateChecksWithoutConnecting() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.echo("help-desk")])
            // Nothing listens at the configured address: validate still passes, since it connects to nothing.
            let hostYAML = try String(contentsOfFile: fixture.hostFile, encoding: .utf8)
            try hostYAML.replacingOccurrences(of: server.url, with: "ws://127.0.0.1:9").write(toFile: fixture.hostFile, atomically: true, encoding: .utf8)
            try await withBothost("validate", config: fixture.hostFile) { valid in
                #expect(await valid.exitStatus() == 0)
                #expect(valid.stdout.contains("configuration is valid"))
                #expect(valid.stdout.contains("echo#0 (echo): !echo <text...>"))
            }
            try write("room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    command: two words\n", "help-desk.yaml", in: fixture)
            try await withBothost("validate", config: fixture.hostFile) { invalid in
                #expect(await invalid.exitStatus() == 1)
                #expect(invalid.stderr.contains("help-desk.yaml:5: bots[0].command: 'two words' is not a command name"))
            }
        }
    }
}
