import BotKit
import BotKitTesting
import Bots
import Foundation
import Testing

/// The `remind` bot: reminders for a person or the room, at a time, in a while, tomorrow or every weekday, in the
/// room's time zone; each delivered once, late ones said to be late, through restarts.
@Suite(.serialized) struct RemindBotTests {
    /// Monday 5 January 2026, 00:00 UTC (01:00 in Berlin), plus `hours`.
    static func monday(_ hours: Double) -> Date { Date(timeIntervalSince1970: 1_767_571_200 + hours * 3_600) }
    static let berlin = "time_zone: Europe/Berlin"

    @Test func remindsAPersonAndTheRoomAtTheirTimes() async throws {
        try await withBotHarness(RemindBot.self, options: Self.berlin) { harness in
            try await harness.send("!remind me in 2h stretch your legs")
            try await harness.expectReply("Reminder #1 set for 2026-01-05 03:00 Europe/Berlin.")
            try await harness.send("!remind room at 17:00 write the release notes")
            try await harness.expectReply("Reminder #2 set for 2026-01-05 17:00 Europe/Berlin.")
            try await harness.send("!reminders")
            try await harness.expectReply("#1 2026-01-05 03:00 Europe/Berlin: stretch your legs\n#2 2026-01-05 17:00 Europe/Berlin: write the release notes")
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(2))
            harness.clock.advance(toWallTime: Self.monday(2))
            try await harness.expectReply("sip:tester@harness.example: stretch your legs")
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(16))
            harness.clock.advance(toWallTime: Self.monday(16))
            try await harness.expectReply("Reminder: write the release notes")
            try await harness.send("!reminders")
            try await harness.expectReply("You have no reminders.")
        }
    }

    @Test func aRepeatingReminderComesEveryWeekday() async throws {
        try await withBotHarness(RemindBot.self, options: Self.berlin) { harness in
            try await harness.send("!remind room every weekday at 09:00 stand-up in five minutes")
            try await harness.expectReply("Reminder #1 set for 2026-01-05 09:00 Europe/Berlin (repeats: 0 9 * * 1-5).")
            for day in [0.0, 1, 2, 3, 4, 7] {
                try await harness.clock.waitForSleeper(wakingAt: Self.monday(8 + 24 * day))
                harness.clock.advance(toWallTime: Self.monday(8 + 24 * day))
                try await harness.expectReply("Reminder: stand-up in five minutes")
            }
        }
    }

    @Test func aReminderDueWhileTheHostWasDownComesOnceAndSaysItIsLate() async throws {
        try await withBotHarness(RemindBot.self, options: Self.berlin) { harness in
            try await harness.send("!remind me tomorrow at 9:00 call the bank")
            try await harness.expectReply("Reminder #1 set for 2026-01-06 09:00 Europe/Berlin.")
            try await harness.restartHost { harness.clock.advance(toWallTime: Self.monday(24 + 10)) }
            try await harness.expectReply("sip:tester@harness.example: call the bank (late: it was due at 2026-01-06 09:00 Europe/Berlin while the bot was not running)")
            try await harness.restartHost()
            try await harness.expectNoReply(within: 0.5)
        }
    }

    @Test func onlyItsAuthorOrAManagerCancelsAReminder() async throws {
        try await withBotHarness(RemindBot.self) { harness in
            try await harness.send("!remind me in 30m tea")
            try await harness.expectReply("Reminder #1 set for 2026-01-05 00:30 UTC.")
            try await harness.send("!remind cancel 1", as: "other")
            try await harness.expectReply("Only who set reminder #1, or a room manager, may cancel it.")
            try await harness.send("!remind cancel 1")
            try await harness.expectReply("Reminder #1 cancelled.")
            try await harness.send("!remind cancel 1")
            try await harness.expectReply("No reminder #1.")
            harness.clock.advance(by: .seconds(3_600))
            try await harness.expectNoReply(within: 0.3)
        }
    }

    @Test func badRemindersAndOptionsAreRefused() async throws {
        try await withBotHarness(RemindBot.self) { harness in
            try await harness.send("!remind me whenever tea")
            try await harness.expectReply("!remind: say when: in 2h, at 17:00, tomorrow 9:00 or every weekday at 09:00. Usage: !remind <words...>")
            try await harness.send("!remind me at 25:00 tea")
            try await harness.expectReply("!remind: give a time of day as HH:MM, got '25:00'. Usage: !remind <words...>")
            try await harness.send("!remind me in 2h")
            try await harness.expectReply("!remind: give the reminder's text after its time. Usage: !remind <words...>")
            try await harness.send("!remind everyone in 2h tea")
            try await harness.expectReply("!remind: start with me, room or cancel. Usage: !remind <words...>")
        }
        let error = await #expect(throws: (any Error).self) { try await withBotHarness(RemindBot.self, options: "time_zone: Mars/Base") { _ in } }
        #expect("\(error.map { "\($0)" } ?? "")".contains("time_zone: 'Mars/Base' is not a time zone"))
    }
}
