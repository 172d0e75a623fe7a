import Foundation

/// The dates feeds carry: RFC 822 in RSS (`Mon, 05 Jan 2026 09:00:00 +0000`, zone names such as `GMT` or `EST`
/// too), RFC 3339 in Atom and Dublin Core (`2026-01-05T09:00:00Z`, with or without fractions of a second).
enum FeedDate {
    static func parse(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.wholeMatch(of: /\d{4}-\d{2}-\d{2}.*/) != nil {
            return rfc3339(text) ?? rfc822(text)
        }
        return rfc822(text) ?? rfc3339(text)
    }

    /// RFC 3339, also with a space for the `T` and, without a zone, read as UTC.
    private static func rfc3339(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if text.count == 10 {
            formatter.formatOptions = [.withFullDate]
            return formatter.date(from: text)
        }
        var text = text
        if text.count > 10, text[text.index(text.startIndex, offsetBy: 10)] == " " {
            text.replaceSubrange(text.index(text.startIndex, offsetBy: 10)...text.index(text.startIndex, offsetBy: 10), with: "T")
        }
        let time = text.dropFirst(11)
        if !time.contains(where: { $0 == "Z" || $0 == "z" || $0 == "+" || $0 == "-" }) { text += "Z" }
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    private static func rfc822(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        // The day's name is optional in RFC 822, and some feeds leave out the seconds.
        let parts = text.split(separator: ",", maxSplits: 1)
        let body = (parts.count == 2 ? String(parts[1]) : text).trimmingCharacters(in: .whitespaces)
        // RFC 822 allows two-digit years, which a four-digit pattern would read as the first century.
        let words = body.split(separator: " ")
        let year = words.count > 2 && words[2].count == 2 ? "yy" : "yyyy"
        for format in ["d MMM \(year) HH:mm:ss Z", "d MMM \(year) HH:mm:ss zzz", "d MMM \(year) HH:mm Z", "d MMM \(year) HH:mm zzz"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: body) { return date }
        }
        return nil
    }
}
