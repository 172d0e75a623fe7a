import Foundation

/// The dates feeds carry: RFC 822 in RSS (`Mon, 05 Jan 2026 09:00:00 +0000`, zone names such as `GMT` or `EST`
/// too), RFC 3339 in Atom and Dublin Core (`2026-01-05T09:00:00Z`, with or without fractions of a second).
enum FeedDate {
    static func parse(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let first = text.first, first.isNumber, text.contains("T") || text.count == 10 {
            return rfc3339(text)
        }
        return rfc822(text)
    }

    private static func rfc3339(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if text.count == 10 {
            formatter.formatOptions = [.withFullDate]
            return formatter.date(from: text)
        }
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    private static func rfc822(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        // The day's name is optional in RFC 822, and some feeds leave out the seconds.
        let body = text.split(separator: ",", maxSplits: 1).count == 2 ? String(text.split(separator: ",", maxSplits: 1)[1]) : text
        for format in ["d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm Z", "d MMM yyyy HH:mm zzz",
                       "d MMM yy HH:mm:ss Z", "d MMM yy HH:mm:ss zzz"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: body.trimmingCharacters(in: .whitespaces)) { return date }
        }
        return nil
    }
}
