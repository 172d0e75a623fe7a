@testable import BotKit
import Foundation
import Testing

/// Five-field cron expressions: what each field takes, the mistakes named, and the next slot on a time zone's wall
/// clock, across daylight-saving changes.
@Suite struct CronExpressionTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt
    static let utc = TimeZone.gmt

    /// `text` (ISO 8601 with its offset) as a date.
    static func at(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test func fieldsTakeListsRangesStepsAndNames() throws {
        let weekdays = try CronExpression("0 9 * * 1-5")
        #expect(weekdays.minutes == [0] && weekdays.hours == [9] && weekdays.daysOfWeek == [1, 2, 3, 4, 5])
        #expect(try CronExpression("*/15 * * * *").minutes == [0, 15, 30, 45])
        #expect(try CronExpression("5/20 * * * *").minutes == [5, 25, 45])
        #expect(try CronExpression("0 8-18/4 * * *").hours == [8, 12, 16])
        #expect(try CronExpression("0 0 1,15 * *").daysOfMonth == [1, 15])
        let named = try CronExpression("0 0 * jan,JUL Mon-fri")
        #expect(named.months == [1, 7] && named.daysOfWeek == [1, 2, 3, 4, 5])
        #expect(try CronExpression("0 0 * * 7").daysOfWeek == [0])
        #expect(try CronExpression("0 0 * * SUN").daysOfWeek == [0])
    }

    @Test(arguments: [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"),
    ])
    func shorthandsStandForTheirFields(shorthand: String, fields: String) throws {
        let short = try CronExpression(shorthand), long = try CronExpression(fields)
        #expect(short.minutes == long.minutes && short.hours == long.hours && short.daysOfMonth == long.daysOfMonth)
        #expect(short.months == long.months && short.daysOfWeek == long.daysOfWeek)
    }

    @Test(arguments: [
        ("60 * * * *", "minute", "outside 0–59"),
        ("* 24 * * *", "hour", "outside 0–23"),
        ("* * 0 * *", "day of month", "outside 1–31"),
        ("* * * 13 *", "month", "outside 1–12"),
        ("* * * * 8", "day of week", "outside 0–7"),
        ("*/0 * * * *", "minute", "above 0"),
        ("5-1 * * * *", "minute", "backwards"),
        ("* * * smarch *", "month", "not a number or a name"),
        ("1,,2 * * * *", "minute", "empty item"),
    ])
    func mistakesNameTheirField(expression: String, field: String, reason: String) {
        #expect {
            _ = try CronExpression(expression)
        } throws: { error in
            guard let error = error as? CronExpressionError else { return false }
            return error.field == field && error.reason.contains(reason) && error.description.contains(expression)
        }
    }

    @Test(arguments: [("* * * *", "five fields"), ("@sometimes", "unknown shorthand"), ("", "five fields")])
    func mistakesOfTheWhole(expression: String, reason: String) {
        #expect {
            _ = try CronExpression(expression)
        } throws: { error in
            (error as? CronExpressionError)?.reason.contains(reason) == true
        }
    }

    @Test func theZonesAreKnown() {
        #expect(Self.berlin.identifier == "Europe/Berlin", "tzdata is installed")
    }

    @Test func weekdayMorningsOnTheWallClockOfAZone() throws {
        let standUp = try CronExpression("0 9 * * 1-5")
        // Friday 4 December 2026, 10:00 in Berlin: the next is Monday 09:00 (08:00 UTC).
        let friday = try Self.at("2026-12-04T10:00:00+01:00")
        let monday = try #require(standUp.nextSlot(after: friday, in: Self.berlin))
        #expect(monday == (try Self.at("2026-12-07T09:00:00+01:00")))
        #expect(standUp.nextSlot(after: monday, in: Self.berlin) == (try Self.at("2026-12-08T09:00:00+01:00")))
        // Exactly on a slot: the next one, never the same.
        #expect(try CronExpression("@hourly").nextSlot(after: try Self.at("2026-12-07T10:00:00Z"), in: Self.utc)
                == (try Self.at("2026-12-07T11:00:00Z")))
    }

    @Test func aSlotTheClockJumpsOverRunsOnceAtTheFirstMinuteAfterTheJump() throws {
        // 29 March 2026 in Berlin: at 02:00 CET (01:00 UTC) the clock jumps to 03:00 CEST.
        let halfPastTwo = try CronExpression("30 2 * * *")
        let jump = try Self.at("2026-03-29T01:00:00Z")
        #expect(halfPastTwo.nextSlot(after: try Self.at("2026-03-28T12:00:00Z"), in: Self.berlin) == jump)
        #expect(halfPastTwo.nextSlot(after: jump, in: Self.berlin) == (try Self.at("2026-03-30T02:30:00+02:00")))
        // Every quarter of the hour the clock skips: once, at 03:00, then on the next day.
        let quarters = try CronExpression("*/15 2 * * *")
        #expect(quarters.nextSlot(after: try Self.at("2026-03-28T23:30:00Z"), in: Self.berlin) == jump)
        #expect(quarters.nextSlot(after: jump, in: Self.berlin) == (try Self.at("2026-03-30T02:00:00+02:00")))
    }

    @Test func aSlotTheClockGoesBackOverRunsOnce() throws {
        // 25 October 2026 in Berlin: at 03:00 CEST (01:00 UTC) the clock goes back to 02:00 CET; 02:30 comes twice.
        let halfPastTwo = try CronExpression("30 2 * * *")
        let first = try #require(halfPastTwo.nextSlot(after: try Self.at("2026-10-24T12:00:00Z"), in: Self.berlin))
        #expect(first == (try Self.at("2026-10-25T02:30:00+02:00")))
        #expect(halfPastTwo.nextSlot(after: first, in: Self.berlin) == (try Self.at("2026-10-26T02:30:00+01:00")))
        // Between the two 02:30s, the second is not a slot of its own.
        #expect(halfPastTwo.nextSlot(after: try Self.at("2026-10-25T01:00:00Z"), in: Self.berlin)
                == (try Self.at("2026-10-26T02:30:00+01:00")))
        // Each quarter of the repeated hour runs once: 02:00, 02:15, 02:30, 02:45 summer time, then 03:00 winter time.
        let quarters = try CronExpression("*/15 2,3 * * *")
        var slots: [Date] = []
        var cursor = try Self.at("2026-10-24T23:59:00Z")
        while slots.count < 9, let next = quarters.nextSlot(after: cursor, in: Self.berlin) {
            slots.append(next)
            cursor = next
        }
        let expected = try ["2026-10-25T00:00:00Z", "2026-10-25T00:15:00Z", "2026-10-25T00:30:00Z", "2026-10-25T00:45:00Z",
                            "2026-10-25T02:00:00Z", "2026-10-25T02:15:00Z", "2026-10-25T02:30:00Z", "2026-10-25T02:45:00Z",
                            "2026-10-26T01:00:00Z"].map(Self.at)
        #expect(slots == expected)
    }

    @Test func dayOfMonthAndDayOfWeekTogetherMeanEither() throws {
        // The 13th, and every Friday: after Friday 4 December 2026 comes Friday the 11th, then Sunday the 13th.
        let either = try CronExpression("0 12 13 * 5")
        let eleventh = try #require(either.nextSlot(after: try Self.at("2026-12-04T13:00:00Z"), in: Self.utc))
        #expect(eleventh == (try Self.at("2026-12-11T12:00:00Z")))
        #expect(either.nextSlot(after: eleventh, in: Self.utc) == (try Self.at("2026-12-13T12:00:00Z")))
    }

    @Test func rareAndImpossibleDays() throws {
        // 29 February: the next is in 2028.
        #expect(try CronExpression("0 0 29 2 *").nextSlot(after: try Self.at("2026-12-07T00:00:00Z"), in: Self.utc)
                == (try Self.at("2028-02-29T00:00:00Z")))
        // 31 February never comes.
        #expect(try CronExpression("0 0 31 2 *").nextSlot(after: try Self.at("2026-12-07T00:00:00Z"), in: Self.utc) == nil)
    }
}
