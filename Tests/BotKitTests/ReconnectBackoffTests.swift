import BotKit
import Testing

/// Reconnect waits: they double up to the cap, stay within the upper half of their bound, and start over on reset.
@Suite struct ReconnectBackoffTests {
    /// A fixed sequence of numbers, so jitter is repeatable.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test func boundsDoubleUpToTheCapAndEachWaitLiesInTheUpperHalfOfItsBound() {
        var backoff = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(2))
        var random = SeededGenerator(state: 7)
        let expectedBounds: [Duration] = [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                                          .milliseconds(1600), .seconds(2), .seconds(2), .seconds(2)]
        for bound in expectedBounds {
            #expect(backoff.ceiling == bound)
            let delay = backoff.nextDelay(using: &random)
            #expect(delay >= bound / 2 && delay <= bound, "\(delay) outside \(bound / 2)...\(bound)")
        }
        #expect(backoff.attempts == expectedBounds.count)
    }

    @Test func aHundredFailuresNeitherOverflowNorPassTheCap() {
        var backoff = ReconnectBackoff(initial: .milliseconds(500), maximum: .seconds(30))
        var random = SeededGenerator(state: 1)
        for _ in 0..<100 {
            let delay = backoff.nextDelay(using: &random)
            #expect(delay >= .seconds(15) || backoff.attempts < 7)
            #expect(delay <= .seconds(30))
        }
    }

    @Test func jitterSpreadsHostsThatFailTogether() {
        var delays: Set<Duration> = []
        for seed in 1...20 {
            var backoff = ReconnectBackoff(initial: .seconds(1), maximum: .seconds(30))
            var random = SeededGenerator(state: UInt64(seed))
            delays.insert(backoff.nextDelay(using: &random))
        }
        #expect(delays.count == 20)
    }

    @Test func resetStartsOverAndAMaximumBelowTheInitialIsRaisedToIt() {
        var backoff = ReconnectBackoff(initial: .seconds(1), maximum: .seconds(8))
        _ = backoff.nextDelay()
        _ = backoff.nextDelay()
        #expect(backoff.ceiling == .seconds(4))
        backoff.reset()
        #expect(backoff.attempts == 0)
        #expect(backoff.ceiling == .seconds(1))
        #expect(ReconnectBackoff(initial: .seconds(5), maximum: .seconds(1)).maximum == .seconds(5))
    }
}
