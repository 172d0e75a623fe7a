import Foundation

/// When a cron schedule's slots fall: a five-field cron expression (``BotCommands/schedule(_:timeZone:_:missed:_:)``
/// lists the syntax) read on the wall clock of an IANA time zone, and what a restart does about the slots it missed.
///
/// A bot's options may carry one, so a room file sets it and a bad one is refused with the option's key:
///
/// ```yaml
/// stand_up: {cron: "0 9 * * 1-5", time_zone: Europe/Berlin, missed: once}
/// ```
public struct CronSchedule: Sendable, Hashable, Decodable, CustomStringConvertible {
    let expression: CronExpression
    /// The zone whose wall clock the expression is read on.
    public let timeZone: TimeZone
    /// What a start does about the slots that fell while the host was not running.
    public var missed: MissedSlots

    /// Reads `expression` in the zone named `timeZone` (`Europe/Berlin`, `UTC`); the error says which of them is
    /// wrong and how.
    public init(_ expression: String, timeZone: String, missed: MissedSlots = .skip) throws(CronScheduleError) {
        do throws(CronExpressionError) {
            self.expression = try CronExpression(expression)
        } catch {
            throw CronScheduleError(reason: error.description)
        }
        guard let zone = TimeZone(identifier: timeZone) else {
            throw CronScheduleError(reason: "'\(timeZone)' is not a time zone (use an IANA name such as Europe/Berlin or UTC)")
        }
        self.timeZone = zone
        self.missed = missed
    }

    private enum CodingKeys: String, CodingKey { case cron, timeZone = "time_zone", missed }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let cron = try container.decode(String.self, forKey: .cron)
        let zone = try container.decode(String.self, forKey: .timeZone)
        let missed = try container.decodeIfPresent(MissedSlots.self, forKey: .missed) ?? .skip
        do {
            self = try CronSchedule(cron, timeZone: zone, missed: missed)
        } catch {
            let key: CodingKeys = TimeZone(identifier: zone) == nil ? .timeZone : .cron
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.reason)
        }
    }

    /// `0 9 * * 1-5 in Europe/Berlin`.
    public var description: String { "\(expression) in \(timeZone.identifier)" }

    /// The first slot strictly after `date`; nil when none comes within twelve years (`0 0 31 2 *`).
    public func nextSlot(after date: Date) -> Date? {
        expression.nextSlot(after: date, in: timeZone)
    }

    /// The last slot after `start` and at or before `end`; nil when none falls between them.
    func lastSlot(after start: Date, upTo end: Date) -> Date? {
        guard start < end else { return nil }
        // Windows growing back from `end`: the latest slot of the first window that has one is the latest of all,
        // and a frequent schedule is never walked slot by slot over a long outage.
        let windows: [Double] = [120, 3_600, 86_400, 32 * 86_400, 367 * 86_400, Double(CronExpression.horizonDays) * 86_400]
        for seconds in windows {
            let windowStart = max(start, end.addingTimeInterval(-seconds))
            var cursor = windowStart
            var latest: Date?
            while let slot = nextSlot(after: cursor), slot <= end {
                latest = slot
                cursor = slot
            }
            if latest != nil || windowStart == start { return latest }
        }
        return nil
    }
}

/// What a start does about the slots of a schedule that fell while the host was not running.
public enum MissedSlots: String, Sendable, Hashable, Decodable {
    /// Passes over them: the schedule runs at its next slot.
    case skip
    /// Runs the last of them once, at start; the rest are passed over.
    case once
}

/// A cron expression or time zone that cannot be read.
public struct CronScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the field or the zone.
    public let reason: String
    public var description: String { reason }
}
