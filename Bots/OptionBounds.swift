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

    /// A call-out's timeout in seconds: `value`, or `fallback` (shortened to leave 5 s of the call), which must end
    /// before the call does (`callTimeout`, the entry's `timeout`), so that the bot's own reply says what happened.
    static func callOutTimeout(_ value: Int?, default fallback: Int, within callTimeout: Duration, key: String) throws -> Int {
        let callSeconds = Int(callTimeout.components.seconds)
        let timeout = value ?? max(1, min(fallback, callSeconds - 5))
        guard timeout >= 1, timeout < callSeconds else {
            throw BotOptionError(key: key, reason: "must be at least 1 and less than the bot's timeout (\(callSeconds) s; raise the "
                                 + "entry's timeout for a slower service), got \(timeout)")
        }
        return timeout
    }
}
