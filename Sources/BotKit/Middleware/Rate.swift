import PersistentChat
import YAMLConfig

/// A rate from configuration: `5/m` (five a minute), `10/s`, `100/h`, or `3/10s`.
package struct Rate: Sendable, Equatable, CustomStringConvertible {
    package var count: Int
    package var period: Duration

    package init(count: Int, per period: Duration) {
        self.count = count
        self.period = period
    }

    /// Parses `text`; nil when it is not `COUNT/PERIOD` with a count of 1 to 1,000,000 and a period of 1 ms to 24 h.
    package static func parse(_ text: String) -> Rate? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0].trimmingWhitespace()), (1...1_000_000).contains(count) else { return nil }
        var period = parts[1].trimmingWhitespace()
        if let first = period.first, first.isLetter { period = "1" + period }
        guard let duration = ConfigDuration.parse(period), duration > .zero, duration <= .seconds(86_400) else { return nil }
        return Rate(count: count, per: duration)
    }

    /// `5 per 1 min`.
    package var description: String { "\(count) per \(DurationText.describe(period))" }
}

/// A token bucket: `rate.count` tokens at most, refilled evenly over `rate.period`.
struct TokenBucket: Sendable {
    let rate: Rate
    private var tokens: Double
    private var updated: Duration

    init(_ rate: Rate, now: Duration) {
        self.rate = rate
        tokens = Double(rate.count)
        updated = now
    }

    /// How long until a token is there; zero when one is there now.
    mutating func wait(at now: Duration) -> Duration {
        refill(at: now)
        guard tokens < 1 else { return .zero }
        let perToken = rate.period / rate.count
        return perToken * (1 - tokens)
    }

    /// Takes a token; call only after ``wait(at:)`` returned zero.
    mutating func take(at now: Duration) {
        refill(at: now)
        tokens -= 1
    }

    private mutating func refill(at now: Duration) {
        guard now > updated else { return }
        let elapsed = (now - updated) / rate.period
        tokens = min(Double(rate.count), tokens + elapsed * Double(rate.count))
        updated = now
    }
}
