@testable import Bots
import BotKit
import BotKitTesting
import Foundation
import Testing

/// The `poll` bot: one poll at a time, one vote a person (changeable), results on demand and when it closes, on
/// command or at its time, kept through a restart.
@Suite(.serialized) struct PollBotTests {
    @Test func votesAreCountedOncePerPersonAndTheResultsPostedAtClose() async throws {
        try await withBotHarness(PollBot.self) { harness in
            try await harness.send(#"!poll "Lunch where?" pizza "salad bar" noodles"#)
            try await harness.expectReply("Poll: Lunch where?  1. pizza  2. salad bar  3. noodles  Vote with !vote N.")
            try await harness.send("!vote 2")
            try await harness.expectReply("Vote counted: salad bar (1 vote so far)")
            try await harness.send("!vote 1", as: "other")
            try await harness.expectReply("Vote counted: pizza (2 votes so far)")
            try await harness.send("!vote 1")
            try await harness.expectReply("Vote changed: pizza (2 votes so far)")
            try await harness.send("!vote 4")
            try await harness.expectReply("!vote: choose a number from 1 to 3. Usage: !vote <choice>")
            try await harness.send(#"!poll "Another?" a b"#)
            try await harness.expectReply("A poll is open already (Lunch where?): close it first with !poll close.")
            try await harness.send("!poll results")
            try await harness.expectReply("Lunch where? — pizza: 2 · salad bar: 0 · noodles: 0 (2 votes)")
            // The other person neither created it nor manages the room.
            try await harness.send("!poll close", as: "other")
            try await harness.expectReply("Only the poll's creator or a room manager may close it.")
            try await harness.send("!poll close")
            try await harness.expectReply("Poll closed: Lunch where? — pizza: 2 · salad bar: 0 · noodles: 0 (2 votes)")
            try await harness.send("!vote 1")
            try await harness.expectReply("No poll is open.")
        }
    }

    @Test func aPollClosesAtItsTimeEvenAcrossARestart() async throws {
        try await withBotHarness(PollBot.self) { harness in
            try await harness.send(#"!poll "Ship it?" yes no --closes 2h"#)
            try await harness.expectReply("Poll: Ship it?  1. yes  2. no  Vote with !vote N. Closes at 2026-01-05T02:00:00Z.")
            try await harness.send("!vote 1", as: "other")
            try await harness.expectReply("Vote counted: yes (1 vote so far)")
            try await harness.restartHost()
            let closes = harness.clock.wallStart.addingTimeInterval(7_200)
            try await harness.clock.waitForSleeper(wakingAt: closes)
            harness.clock.advance(toWallTime: closes)
            try await harness.expectReply("Poll closed: Ship it? — yes: 1 · no: 0 (1 vote)")
        }
    }

    @Test func badPollsAndOptionsAreRefused() async throws {
        try await withBotHarness(PollBot.self, options: "max_choices: 2") { harness in
            try await harness.send(#"!poll "Only one?" yes"#)
            try await harness.expectReply(#"!poll: give a question and at least two choices, each in quotes when it has spaces. Usage: !poll <words...>"#)
            try await harness.send(#"!poll "Too many?" a b c"#)
            try await harness.expectReply("!poll: at most 2 choices. Usage: !poll <words...>")
            try await harness.send(#"!poll "When?" a b --closes soon"#)
            try await harness.expectReply("!poll: --closes takes a duration such as 30m or 2h, got 'soon'. Usage: !poll <words...>")
        }
        let error = await #expect(throws: (any Error).self) { try await withBotHarness(PollBot.self, options: "max_choices: 1") { _ in } }
        #expect("\(error.map { "\($0)" } ?? "")".contains("max_choices: must be between 2 and 26, got 1"))
    }
}

/// The `welcome` bot: each person greeted once, joins gathered into one greeting.
@Suite(.serialized) struct WelcomeBotTests {
    @Test func eachPersonIsGreetedOnceAfterTheGatheringTime() async throws {
        try await withBotHarness(WelcomeBot.self, options: "message: 'Hello {name}, welcome to {room}.'\ngather_seconds: 45") { harness in
            // The tester joined as the harness started. (45 s: not the 30 s of a call's timeout, which also sleeps.)
            try await harness.clock.waitForSleeper(wakingAt: harness.clock.wallStart.addingTimeInterval(45))
            harness.clock.advance(by: .seconds(46))
            try await harness.expectReply("Hello Tester, welcome to bots.")
            try await harness.send("hi", as: "other")
            try await harness.clock.waitForSleeper(wakingAt: harness.clock.wallStart.addingTimeInterval(91))
            try await harness.expectNoReply(within: 0.3)
            harness.clock.advance(by: .seconds(46))
            try await harness.expectReply("Hello Other, welcome to bots.")
            // Back after a restart: not greeted again.
            try await harness.restartHost()
            harness.clock.advance(by: .seconds(46))
            try await harness.expectNoReply(within: 0.5)
        }
    }

    @Test func aMassJoinIsOneGreeting() {
        let names = (1...14).map { "P\($0)" }
        #expect(WelcomeBot.greeting("Welcome to {room}, {name}!", names: names, room: "ops", maxNames: 3)
            == "Welcome to ops, P1, P2, P3 and 11 others!")
        #expect(WelcomeBot.greeting("Hi {name}", names: ["Ann", "Bob"], room: "ops", maxNames: 10) == "Hi Ann and Bob")
        #expect(WelcomeBot.greeting("Hi {name}", names: ["Ann", "Bob", "Cy"], room: "ops", maxNames: 10) == "Hi Ann, Bob and Cy")
        #expect(WelcomeBot.greeting("Hi {name}", names: ["Ann", "Bob"], room: "ops", maxNames: 1) == "Hi Ann and 1 other")
    }
}
