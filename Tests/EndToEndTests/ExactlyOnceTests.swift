import BotKit
import Bots
import Foundation
import PersistentChat
import Testing

/// The bot host hands each message to each bot exactly once across host restarts (graceful or killed) and lost
/// connections, catching up through history from its ledger, and never replays the backlog of its first start.
@Suite struct ExactlyOnceTests {
    static let bot = "sip:echobot@contoso.com"
    static let fastReconnect = "reconnect: {initial: 50ms, max: 400ms}"

    @Test func aRestartedHostCatchesUpOnWhatItMissedAndNeverReplaysTheFirstBacklog() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "help-desk")
            try await session.sendChatMessage("!echo backlog")
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": BotHostTests.echoRoom])
            try await fixture.withHost { _ in
                try await session.sendChatMessage("!echo one")
                _ = try await RoomTranscript.waitForCounts(in: session, by: Self.bot) { $0["one"] != nil }
            }

            for text in ["two", "three", "four"] { try await session.sendChatMessage("!echo \(text)") }
            try await fixture.withHost { second in
                try await session.sendChatMessage("!echo five")
                let expected = ["one", "two", "three", "four", "five"]
                let counts = try await RoomTranscript.settledCounts(in: session, by: Self.bot) { counts in expected.allSatisfy { counts[$0] != nil } }
                #expect(counts == Dictionary(uniqueKeysWithValues: expected.map { ($0, 1) }))
                // The second host handled the four it had not seen, not "one" again (echo and the room's help, each).
                #expect(await second.statistics.map(\.handled) == [4, 4])
            }
        }
    }

    @Test func aMessageAnsweredButNotFinishedIsHandedOverAgainAndItsAnswerIsNotPostedTwice() async throws {
        try await withTestServer { server in
            var registry = ShippedBots.registry
            registry.register(AnswerThenHangBot.self)
            let probe = "answer-\(UUID().uuidString)"
            func room(hang: Bool) -> String {
                "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: answer-then-hang\n    id: asker\n    probe: \(probe)\n    hang: \(hang)\n"
            }
            let (_, session) = try await server.join("alice", "help-desk")
            let hanging = try HostFixture(server: server, rooms: ["help-desk.yaml": room(hang: true)])
            try await hanging.withHost(registry: registry) { _ in
                try await session.sendChatMessage("!ask question")
                _ = try await RoomTranscript.waitForCounts(in: session, by: Self.bot) { $0["got question"] != nil }
                // Stopped while the call is still under way: the message is not recorded as finished.
            }

            // The same host folder (and ledger), the bot no longer hanging.
            try room(hang: false).write(to: hanging.folder.appendingPathComponent("rooms/help-desk.yaml"), atomically: true, encoding: .utf8)
            try await hanging.withHost(registry: registry) { second in
                _ = await eventually { BotProbes.shared.record(probe).started >= 2 }
                #expect(BotProbes.shared.record(probe).started == 2)
                _ = await eventually { await second.statistics.first?.handled == 1 }
                let stats = await second.statistics
                #expect(stats.map(\.name) == ["asker", "help"])
                #expect(stats.first?.handled == 1)
                // The answer was given again with the same id, and the server kept the first.
                let counts = try await RoomTranscript.counts(in: session, by: Self.bot)
                #expect(counts == ["got question": 1])
            }
        }
    }

    @Test func killingAndRestartingBothostWhileMessagesArriveHandlesEachExactlyOnce() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "help-desk")
            try await session.sendChatMessage("!echo backlog")
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": BotHostTests.echoRoom], hostYAML: Self.fastReconnect)

            let total = 150
            let poster = try await withBothost(config: fixture.hostFile) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                let poster = Task {
                    for n in 1...total {
                        try await session.sendChatMessage("!echo m\(n)")
                        try await Task.sleep(for: .milliseconds(15))
                    }
                }
                // Killed outright while answering: replies may be posted whose messages the ledger has not recorded yet.
                _ = try await RoomTranscript.waitForCounts(in: session, by: Self.bot) { $0.count >= 20 }
                bothost.kill9()
                _ = await bothost.exitStatus()
                return poster
            }
            defer { poster.cancel() }
            // Down for a moment while the posts keep coming (a gap to catch up on, not a wait for an event).
            try await Task.sleep(for: .milliseconds(300))
            try await withBothost(config: fixture.hostFile) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                // Then stopped the polite way, and started again, while the posts keep coming.
                _ = try await RoomTranscript.waitForCounts(in: session, by: Self.bot) { $0.count >= 70 }
                bothost.terminate()
                #expect(await bothost.exitStatus() == 0)
            }
            // Again a gap of posts to catch up on.
            try await Task.sleep(for: .milliseconds(200))
            try await withBothost(config: fixture.hostFile) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                try await poster.value

                let expected = Dictionary(uniqueKeysWithValues: (1...total).map { ("m\($0)", 1) })
                let counts = try await RoomTranscript.settledCounts(in: session, by: Self.bot, linger: .milliseconds(500)) { $0.count >= total }
                let missing = expected.keys.filter { counts[$0] == nil }.count
                let twice = counts.filter { $0.value > 1 }.keys.sorted()
                #expect(counts == expected, "\(missing) unanswered, twice: \(twice); host log: \(bothost.stderr.suffix(2000))")
                bothost.interrupt()
                #expect(await bothost.exitStatus() == 0)
            }
        }
    }

    @Test func aLostConnectionIsReestablishedAndTheGapCaughtUp() async throws {
        try await withTestFolder { folder in
            try await withTestServer(folder: folder) { server in
                let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": BotHostTests.echoRoom], hostYAML: Self.fastReconnect)
                try await fixture.withHost { host in
                    let (alice, session) = try await server.join("alice", "help-desk")
                    try await session.sendChatMessage("!echo before")
                    _ = try await RoomTranscript.waitForCounts(in: session, by: Self.bot) { $0["before"] != nil }
                    #expect(await host.connectedEndpoints == [Self.bot])

                    await alice.terminate()
                    await server.stop()
                    #expect(await eventually { await host.connectedEndpoints.isEmpty })
                    // Down for a few reconnect attempts (a span of time, not a wait for an event), then back on the
                    // same port and data.
                    try await Task.sleep(for: .milliseconds(600))
                    try await withTestServer(folder: folder, port: server.port) { restarted in
                        let (_, session) = try await restarted.join("alice", "help-desk")
                        for text in ["after-1", "after-2"] { try await session.sendChatMessage("!echo \(text)") }
                        let counts = try await RoomTranscript.settledCounts(in: session, by: Self.bot) { $0["after-2"] != nil }
                        #expect(counts == ["before": 1, "after-1": 1, "after-2": 1])
                        #expect(await host.connectedEndpoints == [Self.bot])
                        #expect(await host.joinedRooms == ["help-desk"])
                    }
                }
            }
        }
    }
}
