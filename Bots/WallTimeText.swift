import Foundation

/// Wall-clock times in the shipped bots' messages.
enum WallTimeText {
    /// `2026-01-05 17:00 Europe/Berlin`: `date` in `zone`, the zone named `name` (as the room file names it).
    static func format(_ date: Date, zone: TimeZone, named name: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return "\(formatter.string(from: date)) \(name)"
    }

    /// `2026-01-05 17:00 UTC`.
    static func utc(_ date: Date) -> String {
        format(date, zone: TimeZone(secondsFromGMT: 0) ?? .current, named: "UTC")
    }
}
