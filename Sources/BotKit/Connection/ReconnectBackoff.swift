import PersistentChat

/// How long to wait before each reconnect attempt: exponential growth from `initial` up to `maximum`, with jitter so
/// that many hosts cut off together do not return together.
///
/// The n-th wait (from 0) is drawn uniformly from the upper half of `min(maximum, initial × 2ⁿ)`: it never drops
/// below half that bound, so a host never spins, and never exceeds `maximum`.
package struct ReconnectBackoff: Sendable, Equatable {
    /// The first wait's upper bound.
    package var initial: Duration
    /// No wait is longer.
    package var maximum: Duration
    /// Failed attempts since the last success.
    package private(set) var attempts = 0

    package init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The upper bound of the next wait, before jitter.
    package var ceiling: Duration {
        // 2^attempts overflows long before it matters: past 40 doublings any initial is over any maximum.
        let factor = Double(1 << min(attempts, 40))
        let grown = initial * factor
        return grown > maximum ? maximum : grown
    }

    /// The wait before the next attempt, counting one more failure.
    package mutating func nextDelay(using random: inout some RandomNumberGenerator) -> Duration {
        let bound = ceiling
        attempts += 1
        let fraction = Double.random(in: 0.5...1, using: &random)
        return bound * fraction
    }

    /// The wait before the next attempt, counting one more failure (system randomness).
    package mutating func nextDelay() -> Duration {
        var random = SystemRandomNumberGenerator()
        return nextDelay(using: &random)
    }

    /// Starts over after a successful connection.
    package mutating func reset() {
        attempts = 0
    }
}
