import PersistentChatProtocol

/// The rate quotas of `limits.per_user`, counted per user (SIP URI) across all of that user's connections.
/// The counted quotas (preference labels, file tokens) are checked where the things they count are kept.
final class UserQuotas: Sendable {
    let limits: PerUserLimits
    private let posts: UserRateQuota
    private let roomCreations: UserRateQuota
    private let searches: UserRateQuota

    init(_ limits: PerUserLimits) {
        self.limits = limits
        posts = UserRateQuota(capacity: limits.postBurst, refillPerSecond: limits.postsPerSecond)
        roomCreations = UserRateQuota(capacity: limits.roomsPerHour, per: .seconds(3600))
        searches = UserRateQuota(capacity: limits.searchesPerMinute, per: .seconds(60))
    }

    /// Counts a post; refused past `posts_per_second` (after a burst of `post_burst`).
    func takePost(_ user: SIPURI) throws(ErrorPayload) {
        guard let wait = posts.take(user) else { return }
        let rate = limits.postsPerSecond.rounded() == limits.postsPerSecond ? "\(Int(limits.postsPerSecond))" : "\(limits.postsPerSecond)"
        throw Self.refusal(.quotaPosts, "at most \(rate) posts a second per user, \(limits.postBurst) at once "
                           + "(limits.per_user.posts_per_second, post_burst)", retryAfter: wait)
    }

    /// Counts a room creation; refused past `rooms_per_hour`. Give it back with ``refundRoomCreation(_:)`` when the
    /// room was not created.
    func takeRoomCreation(_ user: SIPURI) throws(ErrorPayload) {
        guard let wait = roomCreations.take(user) else { return }
        throw Self.refusal(.quotaRoomCreations, "at most \(limits.roomsPerHour) new rooms an hour per user "
                           + "(limits.per_user.rooms_per_hour)", retryAfter: wait)
    }

    func refundRoomCreation(_ user: SIPURI) { roomCreations.refund(user) }

    /// Counts a history search that spans more than one room; refused past `searches_per_minute`.
    func takeSearch(_ user: SIPURI) throws(ErrorPayload) {
        guard let wait = searches.take(user) else { return }
        throw Self.refusal(.quotaSearches, "at most \(limits.searchesPerMinute) searches across rooms a minute per user "
                           + "(limits.per_user.searches_per_minute)", retryAfter: wait)
    }

    /// A `LimitExceeded` refusal naming the quota and when to try again.
    static func refusal(_ detail: ErrorDetail, _ quota: String, retryAfter wait: Duration,
                        retry: String = "try again in") -> ErrorPayload {
        ErrorPayload(.limitExceeded, detail, "\(quota); \(retry) \(RetryTime.text(wait))",
                     retryAfterMs: Int(clamping: RetryTime.milliseconds(wait)))
    }
}

/// A quota refusal's wait, rounded up so that a retry after it succeeds.
enum RetryTime {
    /// The wait in whole milliseconds, rounded up (at least 1).
    static func milliseconds(_ wait: Duration) -> Int64 {
        let (seconds, attoseconds) = wait.components
        return max(1, seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    /// The wait as people read it: `250 ms`, `3 s`, `12 min`.
    static func text(_ wait: Duration) -> String {
        let waited = milliseconds(wait)
        if waited < 1000 { return "\(waited) ms" }
        let wholeSeconds = (waited + 999) / 1000
        if wholeSeconds < 120 { return "\(wholeSeconds) s" }
        return "\((wholeSeconds + 59) / 60) min"
    }
}
