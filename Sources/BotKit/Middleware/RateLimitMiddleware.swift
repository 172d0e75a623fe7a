import PersistentChat
import Synchronization

/// A room's `rate_limits`: commands and patterns per sender, for the whole room, and per bot instance. A call over a
/// limit is refused with a short answer (once per limit's period for each sender, so the refusals do not flood the
/// room either) and counts as handled.
final class RateLimitMiddleware: BotMiddleware {
    struct Limits: Sendable, Equatable {
        var user: Rate?
        var room: Rate?
        var bot: Rate?
        var isEmpty: Bool { user == nil && room == nil && bot == nil }
    }

    private let limits: Limits
    private let clock: any BotClock
    private let state = Mutex(State())

    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var lastNotice: [String: Duration] = [:]
    }

    init(limits: Limits, clock: any BotClock) {
        self.limits = limits
        self.clock = clock
    }

    func around(_ call: BotCall, context: BotContext, next: @Sendable () async throws -> Void) async throws {
        if case .message = call.route {
            try await next()
            return
        }
        let sender = call.sender.value.lowercased()
        let checks: [(key: String, rate: Rate?, scope: String)] = [
            ("user:\(sender)", limits.user, "per person in this room"),
            ("bot:\(call.bot)", limits.bot, "for \(call.bot)"),
            ("room", limits.room, "in this room"),
        ]
        let now = clock.now
        let refusal: (wait: Duration, rate: Rate, scope: String, notify: Bool)? = state.withLock { state in
            for check in checks {
                guard let rate = check.rate else { continue }
                var bucket = state.buckets[check.key] ?? TokenBucket(rate, now: now)
                let wait = bucket.wait(at: now)
                state.buckets[check.key] = bucket
                guard wait == .zero else {
                    let noticeKey = "\(check.key)|\(sender)"
                    let notify = state.lastNotice[noticeKey].map { now - $0 >= rate.period } ?? true
                    if notify { state.lastNotice[noticeKey] = now }
                    return (wait, rate, check.scope, notify)
                }
            }
            for check in checks where check.rate != nil {
                state.buckets[check.key]?.take(at: now)
            }
            return nil
        }
        guard let refusal else {
            try await next()
            return
        }
        context.logger.notice("call refused by a rate limit", metadata: [
            "sender": "\(sender)", "limit": "\(refusal.rate) \(refusal.scope)", "retry_in": "\(DurationText.describe(refusal.wait))",
        ])
        guard refusal.notify else { return }
        let retry = DurationText.describe(max(refusal.wait, .seconds(1)))
        try await context.reply("Slow down, \(call.sender.value): at most \(refusal.rate) \(refusal.scope). Try again in \(retry).")
    }
}
