import BotKit
import BotKitTesting
import Foundation
import Testing

/// Cron schedules on the harness's virtual wall clock: slots in a time zone, daylight-saving days, and restarts that
/// never run a slot twice and skip the slots they missed or run the last one once.
@Suite(.serialized) struct BotScheduleTests {
    /// Monday 5 January 2026, 00:00 UTC, plus `hours`.
    static func monday(_ hours: Double) -> Date { Date(timeIntervalSince1970: 1_767_571_200 + hours * 3_600) }

    @Test func aScheduleRunsAtItsSlotsInItsTimeZone() async throws {
        let options = #"stand_up: {cron: "0 9 * * 1-5", time_zone: Europe/Berlin}"#
        try await withBotHarness(StandUpBot.self, options: options) { harness in
            // 09:00 in Berlin is 08:00 UTC in January.
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(8))
            harness.clock.advance(toWallTime: Self.monday(7.99))
            try await harness.expectNoReply(within: 0.3)
            harness.clock.advance(toWallTime: Self.monday(8))
            try await harness.expectReply("stand-up 1 at 2026-01-05T08:00:00Z")
            // Weekdays only: Friday's slot is followed by Monday's.
            for day in 1...4 {
                try await harness.clock.waitForSleeper(wakingAt: Self.monday(8 + 24 * Double(day)))
                harness.clock.advance(toWallTime: Self.monday(8 + 24 * Double(day)))
                _ = try await harness.nextReply()
            }
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(8 + 24 * 7))
        }
    }

    @Test func aSlotTheClockJumpsOverRunsOnceAtTheJumpsEnd() async throws {
        // Sunday 29 March 2026 in Berlin: 02:00 becomes 03:00, so 02:30 does not exist; it runs at 03:00 CEST (01:00 UTC).
        let start = Date(timeIntervalSince1970: 1_774_699_200) // Saturday 28 March 2026, 12:00 UTC
        let options = #"stand_up: {cron: "30 2 * * *", time_zone: Europe/Berlin}"#
        try await withBotHarness(StandUpBot.self, options: options, wallStart: start) { harness in
            let jumpEnd = Date(timeIntervalSince1970: 1_774_746_000) // 29 March, 01:00 UTC
            try await harness.clock.waitForSleeper(wakingAt: jumpEnd)
            harness.clock.advance(toWallTime: jumpEnd)
            try await harness.expectReply("stand-up 1 at 2026-03-29T01:00:00Z")
            // The next day's 02:30 CEST is 00:30 UTC.
            try await harness.clock.waitForSleeper(wakingAt: Date(timeIntervalSince1970: 1_774_830_600))
        }
    }

    @Test func aSlotTheClockPassesTwiceRunsOnce() async throws {
        // Sunday 25 October 2026 in Berlin: 03:00 CEST becomes 02:00 CET, so 02:30 comes at 00:30 and at 01:30 UTC.
        let start = Date(timeIntervalSince1970: 1_792_843_200) // Saturday 24 October 2026, 12:00 UTC
        let options = #"stand_up: {cron: "30 2 * * *", time_zone: Europe/Berlin}"#
        try await withBotHarness(StandUpBot.self, options: options, wallStart: start) { harness in
            let first = Date(timeIntervalSince1970: 1_792_888_200) // 25 October, 00:30 UTC
            try await harness.clock.waitForSleeper(wakingAt: first)
            harness.clock.advance(toWallTime: first)
            try await harness.expectReply("stand-up 1 at 2026-10-25T00:30:00Z")
            // Not again at 01:30 UTC: next at 02:30 CET on the 26th (01:30 UTC).
            let next = Date(timeIntervalSince1970: 1_792_978_200)
            try await harness.clock.waitForSleeper(wakingAt: next)
            harness.clock.advance(toWallTime: first.addingTimeInterval(3_660))
            try await harness.expectNoReply(within: 0.3)
            harness.clock.advance(toWallTime: next)
            try await harness.expectReply("stand-up 2 at 2026-10-26T01:30:00Z")
        }
    }

    @Test func aRestartNeverRunsASlotTwiceAndRunsTheLastMissedOneOnce() async throws {
        let options = #"stand_up: {cron: "0 * * * *", time_zone: UTC, missed: once}"#
        try await withBotHarness(StandUpBot.self, options: options) { harness in
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(1))
            harness.clock.advance(toWallTime: Self.monday(1))
            try await harness.expectReply("stand-up 1 at 2026-01-05T01:00:00Z")
            // Straight after its slot ran: the restart finds it run, and does not run it again.
            harness.clock.advance(toWallTime: Self.monday(1.01))
            try await harness.restartHost()
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(2))
            try await harness.expectNoReply(within: 0.3)
            // Down over the slots at 02:00, 03:00 and 04:00: the last of them runs once, at start.
            try await harness.stopHostForAWhile(until: Self.monday(4.5))
            try await harness.expectReply("stand-up 2 at 2026-01-05T04:30:00Z (slot 04:00)")
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(5))
            harness.clock.advance(toWallTime: Self.monday(5))
            try await harness.expectReply("stand-up 3 at 2026-01-05T05:00:00Z")
        }
    }

    @Test func aRestartSkipsTheSlotsItMissedByDefault() async throws {
        let options = #"stand_up: {cron: "0 * * * *", time_zone: UTC}"#
        try await withBotHarness(StandUpBot.self, options: options) { harness in
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(1))
            try await harness.stopHostForAWhile(until: Self.monday(3.5))
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(4))
            try await harness.expectNoReply(within: 0.3)
            harness.clock.advance(toWallTime: Self.monday(4))
            try await harness.expectReply("stand-up 1 at 2026-01-05T04:00:00Z")
        }
    }

    @Test func aBadScheduleInTheOptionsIsRefusedWithItsKey() async throws {
        let badZone = #"stand_up: {cron: "0 9 * * 1-5", time_zone: Europe/Springfield}"#
        let error = await #expect(throws: (any Error).self) { try await withBotHarness(StandUpBot.self, options: badZone) { _ in } }
        #expect("\(error.map { "\($0)" } ?? "")".contains("time_zone"), "\(String(describing: error))")
        #expect("\(error.map { "\($0)" } ?? "")".contains("'Europe/Springfield' is not a time zone"))
        let badCron = #"stand_up: {cron: "0 25 * * *", time_zone: UTC}"#
        let cronError = await #expect(throws: (any Error).self) { try await withBotHarness(StandUpBot.self, options: badCron) { _ in } }
        #expect("\(cronError.map { "\($0)" } ?? "")".contains("the hour field"), "\(String(describing: cronError))")
    }
}

extension BotTestHarness {
    /// Stops the host, moves the clock to `date` while it is down, and starts it again.
    func stopHostForAWhile(until date: Date) async throws {
        try await restartHost { clock.advance(toWallTime: date) }
    }
}

/// Posts at each slot of the schedule in its options how many times it ran, and when (with the slot when late).
struct StandUpBot: Bot {
    struct Options: Decodable, Sendable {
        var standUp: CronSchedule
        enum CodingKeys: String, CodingKey { case standUp = "stand_up" }
    }
    static let typeName = "stand-up"
    let commands: BotCommands

    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.schedule(options.standUp, "stand-up") { context in
            let runs = try await context.storage.update("runs", as: Int.self) { $0 = ($0 ?? 0) + 1 } ?? 0
            let now = context.now
            var text = "stand-up \(runs) at \(now.ISO8601Format())"
            if let slot = context.scheduledSlot, slot != now {
                text += " (slot \(slot.ISO8601Format().dropFirst(11).prefix(5)))"
            }
            try await context.reply(text)
        }
        self.commands = commands
    }
}
