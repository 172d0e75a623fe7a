import Foundation
import PersistentChat
import Testing

/// What a handler stores is written with the mark that its message was handled: a bothost killed (SIGKILL) again
/// and again while messages arrive, often inside a handler, neither counts a message twice nor loses one.
@Suite struct BotStorageCrashTests {
    static let countingRoom = """
        room: help-desk
        endpoint: sip:echobot@contoso.com
        bots:
          - type: counting
        """

    /// Starts the fixture's bothost once and stops it: its first start (after the room's newest message) is then
    /// behind the test.
    static func startOnce(_ fixture: HostFixture) async throws {
        try await withBothost(config: fixture.hostFile, fixture: true) { bothost in
            #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
            bothost.interrupt()
            _ = await bothost.exitStatus()
        }
    }

    /// Asks `!total` until the bot says `expected` (or 40 times), and returns what it said last.
    static func total(in session: ChatRoomSession, expecting expected: String) async throws -> String {
        var said = ""
        for _ in 0..<40 where said != expected {
            try await Task.sleep(for: .milliseconds(150))
            try await session.sendChatMessage("!total")
            said = await first(session.messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }?.messageContent ?? ""
        }
        return said
    }

    @Test func killingBothostInsideHandlersNeverCountsAMessageTwiceOrLosesOne() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "help-desk")
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.countingRoom],
                                          hostYAML: ExactlyOnceTests.fastReconnect)
            try await Self.startOnce(fixture)
            let total = 120
            let poster = Task {
                for n in 1...total {
                    try await session.sendChatMessage("message \(n)")
                    try await Task.sleep(for: .milliseconds(12))
                }
            }
            defer { poster.cancel() }
            // Killed outright eight times, at moments that do not line up with the handlers' steps.
            for round in 0..<8 {
                try await withBothost(config: fixture.hostFile, fixture: true) { bothost in
                    #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                    try await Task.sleep(for: .milliseconds(150 + 37 * round))
                    bothost.kill9()
                    _ = await bothost.exitStatus()
                }
            }
            try await poster.value
            try await withBothost(config: fixture.hostFile, fixture: true) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                let said = try await Self.total(in: session, expecting: "total \(total) marked \(total)")
                // `!total` is a command: it is not handed to the counting fallback.
                #expect(said == "total \(total) marked \(total)", "host log: \(bothost.stderr.suffix(2000))")
                bothost.interrupt()
                #expect(await bothost.exitStatus() == 0)
            }
        }
    }
}

extension BotStorageCrashTests {
    @Test func aHostThatDiesRightAfterWritingAHandlersValuesDoesNotHandThatMessageOverAgain() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "help-desk")
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.countingRoom],
                                          hostYAML: ExactlyOnceTests.fastReconnect)
            try await Self.startOnce(fixture)
            // Dies right after the third message's values are written: before its batched record. The mark written
            // with the values says it was handled; without it the message would be counted again.
            try await withBothost(config: fixture.hostFile, fixture: true,
                                  environment: ["BOTHOST_TEST_CRASH_AT": "storage-committed:3"]) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                for n in 1...5 { try await session.sendChatMessage("message \(n)") }
                #expect(await bothost.exitStatus() == SIGKILL, "it died at the crash point")
            }
            try await withBothost(config: fixture.hostFile, fixture: true) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                let said = try await Self.total(in: session, expecting: "total 5 marked 5")
                #expect(said == "total 5 marked 5", "host log: \(bothost.stderr.suffix(2000))")
                bothost.interrupt()
                #expect(await bothost.exitStatus() == 0)
            }
        }
    }
}

/// `bothost storage`: an operator lists, reads and deletes what bots stored, in the ledger host.yaml names.
@Suite struct BothostStorageCommandTests {
    @Test func anOperatorListsReadsAndDeletesStoredValues() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "help-desk")
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": BotStorageCrashTests.countingRoom])
            try await withBothost(config: fixture.hostFile, fixture: true) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                for n in 1...3 { try await session.sendChatMessage("message \(n)") }
                _ = try await BotStorageCrashTests.total(in: session, expecting: "total 3 marked 3")
                bothost.interrupt()
                #expect(await bothost.exitStatus() == 0)
            }
            func storage(_ arguments: [String]) async throws -> PchatProcess.Run {
                try await PchatProcess.run(["storage"] + arguments + ["--config", fixture.hostFile, "--log-level", "error"],
                                           executable: try LiveProcess.bothostFixture)
            }
            let scopes = try await storage(["scopes"])
            #expect(scopes.status == 0, "\(scopes.stderr)")
            // `--room ma-chan://… --bot counting#0: 4 keys, N bytes` (the count and three marks)
            let line = try #require(scopes.lines.first, "\(scopes.stdout)")
            #expect(scopes.lines.count == 1 && line.contains(": 4 keys, "), "\(scopes.stdout)")
            let words = line.split(separator: " ").map(String.init)
            let room = try #require(words.firstIndex(of: "--room").map { words[$0 + 1] })
            let bot = try #require(words.firstIndex(of: "--bot").map { String(words[$0 + 1].dropLast()) })
            let list = try await storage(["list", "--room", room, "--bot", bot])
            #expect(list.lines.count == 4 && list.lines.first?.hasPrefix("count (") == true, "\(list.stdout)")
            let seen = try await storage(["list", "--room", room, "--bot", bot, "seen/"])
            #expect(seen.lines.count == 3, "\(seen.stdout)")
            let count = try await storage(["get", "--room", room, "--bot", bot, "count"])
            #expect(count.stdout == "3\n")
            let deleted = try await storage(["delete", "--room", room, "--bot", bot, "count"])
            #expect(deleted.status == 0 && deleted.stdout == "deleted count\n", "\(deleted.stderr)")
            let gone = try await storage(["get", "--room", room, "--bot", bot, "count"])
            #expect(gone.status != 0 && gone.stderr.contains("no value under 'count'"), "\(gone.stderr)")
            let neither = try await storage(["list", "--room", room])
            #expect(neither.status != 0 && neither.stderr.contains("--shared"), "\(neither.stderr)")
        }
    }
}
