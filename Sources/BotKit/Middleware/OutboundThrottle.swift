import PersistentChat
import Synchronization

/// The host's outbound token bucket: a reply waits for a token before it is posted, so a busy bot, or many, never
/// flood a room or the server. One throttle per room and one per endpoint; a reply takes from both.
final class OutboundThrottle: Sendable {
    private let bucket: Mutex<TokenBucket>
    private let clock: any BotClock

    init(_ rate: Rate, clock: any BotClock) {
        self.clock = clock
        bucket = Mutex(TokenBucket(rate, now: clock.now))
    }

    /// Waits until a token is free and takes it; throws `CancellationError` if the call is cancelled meanwhile.
    func acquire() async throws {
        while true {
            let wait = bucket.withLock { bucket -> Duration in
                let now = clock.now
                let wait = bucket.wait(at: now)
                if wait == .zero { bucket.take(at: now) }
                return wait
            }
            if wait == .zero { return }
            try await clock.sleep(for: wait)
        }
    }
}
