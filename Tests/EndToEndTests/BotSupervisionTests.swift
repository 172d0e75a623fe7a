import BotKit
import BotKitTesting
import Bots
import Foundation
import PersistentChat
import Testing

/// Supervision over real sockets: handler timeouts with cancellation, the circuit breaker and its cool-down, the
/// concurrency cap, and the room-file keys that set them.
@Suite struct BotSupervisionTests {
    static var registry: BotRegistry {
        var registry = ShippedBots.registry
        registry.register(HangBot.self)
        registry.register(FlakyBot.self)
        registry.register(GateBot.self)
        return registry
    }
    static let bot = "sip:echobot@contoso.com"

    /// The bot's next message in `session`.
    private func nextFromBot(_ session: ChatRoomSession, within seconds: Double = 10) async -> String? {
        await first(session.messages, within: seconds) { $0.messageAuthor.value == Self.bot }?.messageContent
    }

    @Test(arguments: [false, true])
    func aHungBotIsCancelledAndTheRoomsOtherBotsKeepAnswering(stubborn: Bool) async throws {
        let probe = UUID().uuidString
        try await TeamRoom.with(bots: """
              - type: hang
                probe: \(probe)
                stubborn: \(stubborn)
                timeout: 300ms
                breaker:
                  failures: 2
              - type: echo
            """) { team in
            let (host, session) = (team.host, team.session)

            try await session.sendChatMessage("!hang 1")
            try await session.sendChatMessage("!echo while it hangs")
            #expect(await nextFromBot(session) == "while it hangs")
            // The echo command was a success for the hang bot too (it ignores it), so two hangs in a row are needed.
            try await session.sendChatMessage("!hang 2")
            try await session.sendChatMessage("!hang 3")
            let notice = await first(session.messages) { $0.messageAuthor.value == Self.bot }
            #expect(notice?.isAlert == true)
            #expect(notice?.messageContent.contains("the bot hang#0 is disabled after 2 failed calls in a row (the last one timed out after 300 ms)") == true)
            #expect(await host.disabledBots == ["hang#0"])
            #expect(BotProbes.shared.record(probe).started == 3)
            #expect(await eventually { BotProbes.shared.record(probe).cancelled == 3 })
            let counts = await host.statistics.first
            #expect(counts?.timedOut == 3 && counts?.disabled == true)
            // The stubborn calls ignored their cancellation: the host moved on and counts them.
            if stubborn { #expect(counts?.stillRunning == 3) }
            // Disabled, it is not called; the echo bot still answers.
            try await session.sendChatMessage("!hang 4")
            try await session.sendChatMessage("!echo still here")
            #expect(await nextFromBot(session) == "still here")
            #expect(BotProbes.shared.record(probe).started == 3)

            BotProbes.shared.update(probe) { $0.released = true }
        }
    }

    @Test func stoppingTheHostDoesNotWaitForAStubbornCallsTimeout() async throws {
        let probe = UUID().uuidString
        try await TeamRoom.with(bots: """
              - type: hang
                probe: \(probe)
                stubborn: true
                timeout: 1h
            """) { team in
            let (host, session) = (team.host, team.session)
            try await session.sendChatMessage("!hang")
            #expect(await eventually { BotProbes.shared.record(probe).started == 1 })
            let started = ContinuousClock.now
            await host.stop()
            // Not the call's hour: its 1 s stop grace and the stopping event's 2 s, with a margin a busy machine keeps.
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(await eventually { BotProbes.shared.record(probe).cancelled == 1 })
            BotProbes.shared.update(probe) { $0.released = true }
        }
    }

    @Test func aDisabledBotIsTriedAgainAfterItsCoolDownAndReenabled() async throws {
        let clock = VirtualBotClock()
        try await TeamRoom.with(bots: """
              - type: flaky
                breaker:
                  failures: 3
                  cool_down: 5m
            """, clock: clock) { team in
            let (host, session) = (team.host, team.session)

            // Failures that are not in a row do not count together.
            try await session.sendChatMessage("!fail")
            try await session.sendChatMessage("!fail")
            try await session.sendChatMessage("!ok 1")
            #expect(await nextFromBot(session) == "ok 1")
            for _ in 0..<3 { try await session.sendChatMessage("!fail") }
            #expect(await nextFromBot(session)?.contains("flaky#0 is disabled after 3 failed calls in a row (the last one failed: refused on purpose). It will be tried again in 5 min.") == true)
            // While disabled, messages are skipped; after the cool-down the next one is the trial, and it succeeds.
            try await session.sendChatMessage("!ok 2")
            #expect(await eventually { await host.statistics.first?.skipped == 1 })
            clock.advance(by: .seconds(299))
            try await session.sendChatMessage("!ok 3")
            #expect(await eventually { await host.statistics.first?.skipped == 2 })
            clock.advance(by: .seconds(1))
            try await session.sendChatMessage("!ok 4")
            #expect(await nextFromBot(session) == "ok 4")
            #expect(await nextFromBot(session) == "The bot flaky#0 works again and is re-enabled.")
            #expect(await host.disabledBots.isEmpty)
            let counts = await host.statistics.first
            #expect(counts?.failed == 5 && counts?.handled == 2 && counts?.skipped == 2 && counts?.disabled == false)
        }
    }

    @Test(arguments: [1, 3])
    func callsRunAtMostConcurrencyAtOnce(concurrency: Int) async throws {
        let probe = UUID().uuidString
        try await TeamRoom.with(bots: """
              - type: gate
                probe: \(probe)
                concurrency: \(concurrency)
            """) { team in
            let session = team.session
            for number in 1...6 { _ = try await session.queueChatMessage("!gate \(number)") }
            // The calls hold until released: the cap is reached, and not passed while more messages wait. (Nothing
            // happens when the cap holds, so only time can show it: a fixed wait.)
            #expect(await eventually { BotProbes.shared.record(probe).running == concurrency })
            try await Task.sleep(for: .milliseconds(300))
            #expect(BotProbes.shared.record(probe).mostAtOnce == concurrency)
            BotProbes.shared.update(probe) { $0.released = true }
            var answers: [String] = []
            for _ in 1...6 { if let answer = await nextFromBot(session) { answers.append(answer) } }
            #expect(Set(answers) == Set((1...6).map { "done \($0)" }))
            if concurrency == 1 { #expect(answers == (1...6).map { "done \($0)" }) }
        }
    }
}

/// A test server, a host whose room file for "team" lists `bots`, and alice joined in "team".
private struct TeamRoom {
    let host: BotHost
    let session: ChatRoomSession

    /// Runs `body` with the room; `bots`: the room file's `bots:` items, indented by two spaces. Everything is stopped
    /// afterwards, also when `body` throws.
    static func with(bots: String, clock: any BotClock = SystemBotClock(), _ body: (TeamRoom) async throws -> Void) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: [
                "team.yaml": "room: team\nendpoint: \(BotSupervisionTests.bot)\nbots:\n" + bots,
            ])
            try await fixture.withHost(registry: BotSupervisionTests.registry, clock: clock) { host in
                let (_, session) = try await server.join("alice", "team")
                try await body(TeamRoom(host: host, session: session))
            }
        }
    }
}
