/// A five-field cron expression (minute, hour, day of month, month, day of week), as Vixie cron reads it: `*`,
/// numbers, lists (`1,15`), ranges (`1-5`), steps (`*/15`, `8-18/2`, `5/10`), month and day names (`JAN`, `mon-fri`),
/// 7 for Sunday as well as 0, and the shorthands `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily`
/// (`@midnight`) and `@hourly`. When both the day of month and the day of week are restricted, a day matching
/// either is taken, as cron does.
package struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    package let minutes: Set<Int>
    package let hours: Set<Int>
    package let daysOfMonth: Set<Int>
    package let months: Set<Int>
    /// 0 (Sunday) to 6.
    package let daysOfWeek: Set<Int>
    /// Whether the day-of-month and day-of-week fields were given as something other than `*`.
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool
    /// The text as given.
    package let description: String

    private static let shorthands = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Parses `text`; the error names the field and what is wrong with it.
    package init(_ text: String) throws(CronExpressionError) {
        let trimmed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        description = trimmed
        let expanded: String
        if trimmed.hasPrefix("@") {
            guard let known = Self.shorthands[trimmed.lowercased()] else {
                throw CronExpressionError(expression: text, field: nil,
                                          reason: "unknown shorthand '\(trimmed)' (use @yearly, @monthly, @weekly, @daily or @hourly)")
            }
            expanded = known
        } else {
            expanded = trimmed
        }
        let fields = expanded.split(separator: " ").map(String.init)
        guard fields.count == 5 else {
            throw CronExpressionError(expression: text, field: nil,
                                      reason: "expected five fields (minute hour day-of-month month day-of-week), got \(fields.count)")
        }
        func parse(_ index: Int, _ name: String, _ range: ClosedRange<Int>, names: [String] = [],
                   nameBase: Int = 0) throws(CronExpressionError) -> Set<Int> {
            do throws(CronFieldError) {
                return try CronField.parse(fields[index], range: range, names: names, nameBase: nameBase)
            } catch {
                throw CronExpressionError(expression: text, field: name, reason: error.reason)
            }
        }
        minutes = try parse(0, "minute", 0...59)
        hours = try parse(1, "hour", 0...23)
        daysOfMonth = try parse(2, "day of month", 1...31)
        months = try parse(3, "month", 1...12, names: Self.monthNames, nameBase: 1)
        // 7 is Sunday too.
        daysOfWeek = Set(try parse(4, "day of week", 0...7, names: Self.dayNames).map { $0 % 7 })
        dayOfMonthRestricted = fields[2] != "*"
        dayOfWeekRestricted = fields[4] != "*"
    }

    /// Whether the calendar day `day` of `month` (1–12), a `weekday` (0 = Sunday), is one the expression runs on.
    func runs(onDay day: Int, month: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let byDate = daysOfMonth.contains(day)
        let byWeekday = daysOfWeek.contains(weekday)
        if dayOfMonthRestricted && dayOfWeekRestricted { return byDate || byWeekday }
        return byDate && byWeekday
    }
}

/// A cron expression that does not parse.
package struct CronExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The expression as given.
    package let expression: String
    /// The field at fault (`minute`, `hour`, `day of month`, `month`, `day of week`), when one is.
    package let field: String?
    package let reason: String

    package var description: String {
        "'\(expression)' is not a cron expression: " + (field.map { "the \($0) field: " } ?? "") + reason
    }
}
