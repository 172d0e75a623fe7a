import BotKit

/// Whole-number options of the shipped bots, checked against their range.
enum OptionBounds {
    /// `value`, or `fallback` when it is not given, when within `range`; otherwise a ``BotOptionError`` naming `key`.
    static func check(_ value: Int?, default fallback: Int, in range: ClosedRange<Int>, key: String) throws -> Int {
        let value = value ?? fallback
        guard range.contains(value) else {
            throw BotOptionError(key: key, reason: "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }
}
