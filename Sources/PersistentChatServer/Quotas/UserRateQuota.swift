import PersistentChatProtocol
import Synchronization

/// A token bucket per user: `capacity` actions at once, refilled evenly at `refillPerSecond`.
///
/// A user whose bucket has filled up again holds nothing: full buckets are dropped whenever the table has doubled
/// since the last sweep, so memory follows the users who acted within one refill time, never every user seen.
final class UserRateQuota: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var buckets: [SIPURI: Bucket] = [:]
        /// The table size at which full buckets are swept out next.
        var sweepAt = UserRateQuota.smallestSweep
    }

    static let smallestSweep = 1024

    let capacity: Int
    private let refillPerSecond: Double
    private let state = Mutex(State())

    /// A bucket of `capacity` tokens for each user, refilled by `capacity` over `period`.
    convenience init(capacity: Int, per period: Duration) {
        self.init(capacity: capacity, refillPerSecond: Double(capacity) / period.seconds)
    }

    init(capacity: Int, refillPerSecond: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }

    /// Takes one token of `user`'s: nil when granted, else how long until the next token is there.
    func take(_ user: SIPURI, now: ContinuousClock.Instant = .now) -> Duration? {
        state.withLock { state in
            var bucket = refilled(state.buckets[user], now: now)
            guard bucket.tokens >= 1 else {
                state.buckets[user] = bucket
                return .seconds((1 - bucket.tokens) / refillPerSecond)
            }
            bucket.tokens -= 1
            state.buckets[user] = bucket
            if state.buckets.count >= state.sweepAt { sweep(&state, now: now) }
            return nil
        }
    }

    /// Gives back a token taken for an action that did not happen after all.
    func refund(_ user: SIPURI, now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            guard state.buckets[user] != nil else { return }
            var bucket = refilled(state.buckets[user], now: now)
            bucket.tokens = min(Double(capacity), bucket.tokens + 1)
            state.buckets[user] = bucket
        }
    }

    /// Users with a bucket in the table (for tests of the memory bound).
    var trackedUsers: Int { state.withLock { $0.buckets.count } }

    private func refilled(_ bucket: Bucket?, now: ContinuousClock.Instant) -> Bucket {
        guard let bucket else { return Bucket(tokens: Double(capacity), updated: now) }
        let elapsed = max(0, (now - bucket.updated).seconds)
        return Bucket(tokens: min(Double(capacity), bucket.tokens + elapsed * refillPerSecond), updated: now)
    }

    /// Drops the buckets that are full again (a missing bucket is a full one).
    private func sweep(_ state: inout State, now: ContinuousClock.Instant) {
        state.buckets = state.buckets.filter { refilled($0.value, now: now).tokens < Double(capacity) }
        state.sweepAt = max(Self.smallestSweep, state.buckets.count * 2)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
