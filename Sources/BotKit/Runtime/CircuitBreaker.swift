import PersistentChat

/// Disables a bot that keeps failing: after `threshold` failures in a row it opens for `coolDown`; then one call is
/// let through (half-open), and its outcome closes the breaker or opens it again.
struct CircuitBreaker: Sendable, Equatable {
    enum State: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: Duration)
        /// One trial call is under way.
        case halfOpen
    }

    /// What a recorded outcome changed.
    enum Transition: Sendable, Equatable {
        /// Failures in a row reached the threshold.
        case opened(until: Duration)
        /// The trial call after a cool-down failed too.
        case reopened(until: Duration)
        case reclosed
    }

    let threshold: Int
    let coolDown: Duration
    private(set) var state = State.closed(failures: 0)

    init(threshold: Int, coolDown: Duration) {
        self.threshold = max(1, threshold)
        self.coolDown = coolDown
    }

    /// Whether a call may start at `now`; an open breaker whose cool-down is over lets one trial call through.
    mutating func admits(at now: Duration) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until) where now >= until:
            state = .halfOpen
            return true
        case .open, .halfOpen:
            return false
        }
    }

    mutating func recordSuccess() -> Transition? {
        let wasTrial = state == .halfOpen
        state = .closed(failures: 0)
        return wasTrial ? .reclosed : nil
    }

    mutating func recordFailure(at now: Duration) -> Transition? {
        switch state {
        case .closed(let failures) where failures + 1 < threshold:
            state = .closed(failures: failures + 1)
            return nil
        case .closed:
            state = .open(until: now + coolDown)
            return .opened(until: now + coolDown)
        case .halfOpen:
            state = .open(until: now + coolDown)
            return .reopened(until: now + coolDown)
        case .open:
            // A call that started before the breaker opened; the breaker stays as it is.
            return nil
        }
    }
}
