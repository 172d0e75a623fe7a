import BotKitTesting
import TeamBots
import Testing

@Test func namesWhoIsOnCallInAWeek() async throws {
    try await withBotHarness(OnCallBot.self, options: "rotation: [alice, bob, carol]") { harness in
        try await harness.send("!oncall --week 4")
        try await harness.expectReply("on call in week 4: bob")
        try await harness.send("!oncall --week 60")
        try await harness.expectReply("!oncall: --week must be between 1 and 53. Usage: !oncall [--week <number>]")
    }
}

@Test func takesItsCommandNameFromTheRoomFile() async throws {
    try await withBotHarness(OnCallBot.self, options: "rotation: [alice]\ncommand: pager") { harness in
        try await harness.send("!pager --week 1")
        try await harness.expectReply("on call in week 1: alice")
    }
}

@Test func refusesAnEmptyRotation() async throws {
    let error = await #expect(throws: (any Error).self) {
        try await withBotHarness(OnCallBot.self, options: "rotation: []") { _ in }
    }
    #expect("\(error.map { "\($0)" } ?? "")".contains("rotation: name at least one person"))
}
