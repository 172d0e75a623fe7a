import Foundation

/// The dates `pchatd export --since` takes, and the times its records carry.
public enum ExportDate {
    /// Reads `YYYY-MM-DD` (midnight UTC) or an ISO 8601 time with a zone (`2026-01-05T09:30:00Z`,
    /// `2026-01-05T10:30:00.250+01:00`); anything else is ``DataFolderError/badDate(option:value:)`` naming `option`.
    public static func parse(_ text: String, option: String = "--since") throws(DataFolderError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let formats: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime], [.withFullDate],
        ]
        for options in formats {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            formatter.timeZone = TimeZone(identifier: "UTC")
            if let date = formatter.date(from: trimmed) { return date }
        }
        throw .badDate(option: option, value: text)
    }

    /// `date` as ISO 8601 in UTC with milliseconds, e.g. `2026-01-05T09:30:00.250Z`.
    static func text(_ date: Date, formatter: ISO8601DateFormatter) -> String { formatter.string(from: date) }

    /// The formatter ``text(_:formatter:)`` wants (one per export: it is not thread-safe).
    static func makeFormatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}
