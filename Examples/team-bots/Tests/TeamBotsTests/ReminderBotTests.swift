import BotKitTesting
import Foundation
import TeamBots
import Testing

@Test func remindsWhenDueEvenAfterARestart() async throws {
    try await withBotHarness(ReminderBot.self) { harness in
        try await harness.send("!remind 30 call the vendor")
        try await harness.expectReply("I will remind you in 30 min.")
        try await harness.send("!reminders")
        try await harness.expectReply("2026-01-05T00:30:00Z: call the vendor (sip:tester@harness.example)")
        try await harness.restartHost()
        let due = harness.clock.wallStart.addingTimeInterval(1_800)
        try await harness.clock.waitForSleeper(wakingAt: due)
        harness.clock.advance(toWallTime: due)
        try await harness.expectReply("sip:tester@harness.example: call the vendor")
        try await harness.send("!reminders")
        try await harness.expectReply("no reminders")
    }
}

@Test func forgetsACancelledReminder() async throws {
    try await withBotHarness(ReminderBot.self) { harness in
        try await harness.send("!remind 5 stretch")
        try await harness.expectReply("I will remind you in 5 min.")
        try await harness.send("!forget stretch")
        try await harness.expectReply("forgotten")
        harness.clock.advance(by: .seconds(600))
        try await harness.expectNoReply()
    }
}
