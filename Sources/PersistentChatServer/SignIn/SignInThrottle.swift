import Synchronization

/// Counts failed sign-ins per (account, address) pair, per address and per account, and says when a sign-in must
/// wait instead of having its password checked (the rules are on ``SignInLimits``).
///
/// Each check is started with ``admit(_:from:)`` before the password is verified and ended with ``succeeded(_:from:)``
/// or ``failed(_:from:)``; checks still running count against the threshold, so a burst of parallel sign-ins cannot
/// pass it.
final class SignInThrottle: Sendable {
    /// What to do with a sign-in.
    enum Admission: Equatable, Sendable {
        /// Check the password (and end the check with `succeeded` or `failed`).
        case check
        /// Refuse it: try again after this long.
        case wait(Duration)
    }

    private struct PairKey: Hashable, Sendable {
        let account: SignInAccount
        let source: SignInSource
    }

    private struct Counters: Sendable {
        var pairs: FailureCounters<PairKey>
        var sources: FailureCounters<SignInSource>
        var accounts: FailureCounters<SignInAccount>
    }

    let limits: SignInLimits
    private let counters: Mutex<Counters>
    private let clock = ContinuousClock()

    init(limits: SignInLimits) {
        self.limits = limits
        let capacity = limits.trackedCounters
        counters = Mutex(Counters(pairs: FailureCounters(capacity: capacity), sources: FailureCounters(capacity: capacity),
                                  accounts: FailureCounters(capacity: capacity)))
    }

    /// Whether a sign-in for `account` from `source` may have its password checked now.
    func admit(_ account: SignInAccount, from source: SignInSource) -> Admission {
        let now = clock.now
        let window = limits.window
        let pairKey = PairKey(account: account, source: source)
        return counters.withLock { counters in
            let address = counters.sources.current(source, at: now, window: window)
            let pair = counters.pairs.current(pairKey, at: now, window: window)
            if let wait = [address.wait(at: now), pair.wait(at: now)].compactMap({ $0 }).max() { return .wait(wait) }
            let pairThreshold = pairThreshold(pair, account: account, in: counters, at: now)
            guard address.allowance(threshold: limits.addressFailures) > 0, pair.allowance(threshold: pairThreshold) > 0 else {
                // Checks for this address are already under way and will use up what is left: wait for them (nothing
                // has failed yet, so not for a whole delay).
                return .wait(Swift.min(limits.firstDelay, .seconds(1)))
            }
            counters.sources.update(source, at: now, window: window) { $0.start(at: now) }
            counters.pairs.update(pairKey, at: now, window: window) { $0.start(at: now) }
            return .check
        }
    }

    /// The password was right: the pair's counter is cleared (the address's and the account's keep their failures).
    func succeeded(_ account: SignInAccount, from source: SignInSource) {
        let now = clock.now
        counters.withLock { counters in
            counters.sources.update(source, at: now, window: limits.window) { $0.finish(at: now) }
            counters.pairs.remove(PairKey(account: account, source: source))
        }
    }

    /// The check never ran (no verifier was free): it counts neither way.
    func abandoned(_ account: SignInAccount, from source: SignInSource) {
        let now = clock.now
        counters.withLock { counters in
            counters.sources.update(source, at: now, window: limits.window) { $0.finish(at: now) }
            counters.pairs.update(PairKey(account: account, source: source), at: now, window: limits.window) { $0.finish(at: now) }
        }
    }

    /// The sign-in failed: every counter adds it, and a pair or an address past its threshold is delayed.
    func failed(_ account: SignInAccount, from source: SignInSource) {
        let now = clock.now
        let window = limits.window
        let pairKey = PairKey(account: account, source: source)
        counters.withLock { counters in
            counters.accounts.update(account, at: now, window: window) { $0.fail(at: now, threshold: .max, delay: delay) }
            counters.sources.update(source, at: now, window: window) {
                $0.fail(at: now, threshold: limits.addressFailures, delay: delay)
            }
            let pair = counters.pairs.current(pairKey, at: now, window: window)
            let threshold = pairThreshold(pair, account: account, in: counters, at: now)
            counters.pairs.update(pairKey, at: now, window: window) { $0.fail(at: now, threshold: threshold, delay: delay) }
        }
    }

    /// How many counters are kept (pairs, sources, accounts), for tests and logs.
    var trackedCounts: (pairs: Int, sources: Int, accounts: Int) {
        counters.withLock { ($0.pairs.count, $0.sources.count, $0.accounts.count) }
    }

    /// `failures`; or 1 for a pair that has already failed, while its account is past `account_failures`.
    private func pairThreshold(_ pair: FailureCounter, account: SignInAccount, in counters: Counters,
                               at now: ContinuousClock.Instant) -> Int {
        guard pair.failures > 0,
              let total = counters.accounts.existing(account, at: now, window: limits.window),
              total.failures >= limits.accountFailures else { return limits.failures }
        return 1
    }

    /// The delay earned by the `number`th delay: the first delay, doubled each time, up to the longest.
    private func delay(_ number: Int) -> Duration {
        let doublings = Swift.min(number - 1, 40)
        let grown = limits.firstDelay * (1 << doublings)
        return Swift.min(grown, limits.longestDelay)
    }
}
