import BotKit
import Foundation

/// When a reminder of the `remind` bot is due, read from the words after its target: `in 2h`, `in 90m`, `in 1d`,
/// `at 17:00`, `tomorrow 9:00` (or `tomorrow at 9:00`), `every day at 8:30`, `every weekday at 09:00`,
/// `every monday at 10:00`; the rest of the words are the reminder's text.
struct ReminderTime: Equatable {
    /// The first time it is due.
    var due: Date
    /// For a repeating reminder, the cron expression of its times.
    var repeats: String?
    /// The words left: the reminder's text.
    var text: String

    private static let days = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// Reads `words` at `now` in `zone`; the error says what was expected.
    init(_ words: [String], now: Date, zone: TimeZone) throws(CommandUsageError) {
        var rest = words[...]
        func next() -> String? { rest.popFirst()?.lowercased() }
        func clock(_ word: String?) throws(CommandUsageError) -> (hour: Int, minute: Int) {
            let parts = (word ?? "").split(separator: ":").map { Int($0) }
            guard parts.count == 2, let hour = parts[0], let minute = parts[1], (0...23).contains(hour), (0...59).contains(minute) else {
                throw CommandUsageError("give a time of day as HH:MM, got '\(word ?? "")'")
            }
            return (hour, minute)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func at(_ time: (hour: Int, minute: Int), daysAhead: Int) -> Date? {
            guard let day = calendar.date(byAdding: .day, value: daysAhead, to: calendar.startOfDay(for: now)) else { return nil }
            return calendar.date(bySettingHour: time.hour, minute: time.minute, second: 0, of: day)
        }
        switch next() {
        case "in":
            guard let amount = next(), let seconds = Self.seconds(amount) else {
                throw CommandUsageError("give how long as 30m, 2h, 1d or 90s after 'in'")
            }
            due = now.addingTimeInterval(seconds)
        case "at":
            let time = try clock(next())
            guard let today = at(time, daysAhead: 0), let tomorrow = at(time, daysAhead: 1) else { throw CommandUsageError("no such time") }
            due = today > now ? today : tomorrow
        case "tomorrow":
            var word = next()
            if word == "at" { word = next() }
            guard let tomorrow = at(try clock(word), daysAhead: 1) else { throw CommandUsageError("no such time") }
            due = tomorrow
        case "every":
            let which = next() ?? ""
            guard next() == "at" else { throw CommandUsageError("say when: every weekday at 09:00") }
            let time = try clock(next())
            let days: String
            switch which {
            case "day": days = "*"
            case "weekday": days = "1-5"
            default:
                guard let index = Self.days.firstIndex(of: which) else {
                    throw CommandUsageError("every day, every weekday or every DAYNAME (monday…sunday), got '\(which)'")
                }
                days = "\(index)"
            }
            let cron = "\(time.minute) \(time.hour) * * \(days)"
            guard let schedule = try? CronSchedule(cron, timeZone: zone.identifier), let first = schedule.nextSlot(after: now) else {
                throw CommandUsageError("no such time")
            }
            due = first
            repeats = cron
        default:
            throw CommandUsageError("say when: in 2h, at 17:00, tomorrow 9:00 or every weekday at 09:00")
        }
        text = rest.joined(separator: " ")
        guard !text.isEmpty else { throw CommandUsageError("give the reminder's text after its time") }
    }

    /// `30m`, `2h`, `1d`, `90s` in seconds.
    static func seconds(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        guard let unit = text.last, let scale = units[unit], let value = Double(text.dropLast()), value > 0,
              value * scale <= 366 * 86_400 else { return nil }
        return value * scale
    }
}
