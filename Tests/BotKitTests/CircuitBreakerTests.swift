@testable import BotKit
import Testing

/// The breaker's states: failures in a row open it, the cool-down lets one trial through, and the trial decides.
@Suite struct CircuitBreakerTests {
    @Test func failuresInARowOpenItAndASuccessResetsTheCount() {
        var breaker = CircuitBreaker(threshold: 3, coolDown: .seconds(60))
        #expect(breaker.recordFailure(at: .seconds(1)) == nil)
        #expect(breaker.recordFailure(at: .seconds(2)) == nil)
        #expect(breaker.recordSuccess() == nil)
        #expect(breaker.recordFailure(at: .seconds(3)) == nil)
        #expect(breaker.recordFailure(at: .seconds(4)) == nil)
        #expect(breaker.recordFailure(at: .seconds(5)) == .opened(until: .seconds(65)))
        let admitted64 = breaker.admits(at: .seconds(64))
        #expect(!admitted64)
    }

    @Test func afterTheCoolDownOneTrialDecides() {
        var breaker = CircuitBreaker(threshold: 1, coolDown: .seconds(10))
        #expect(breaker.recordFailure(at: .zero) == .opened(until: .seconds(10)))
        let admitted10 = breaker.admits(at: .seconds(10))
        #expect(admitted10)
        // While the trial runs, nothing else gets through.
        let admitted11 = breaker.admits(at: .seconds(11))
        #expect(!admitted11)
        #expect(breaker.recordFailure(at: .seconds(12)) == .reopened(until: .seconds(22)))
        let admitted21 = breaker.admits(at: .seconds(21))
        #expect(!admitted21)
        let admitted22 = breaker.admits(at: .seconds(22))
        #expect(admitted22)
        #expect(breaker.recordSuccess() == .reclosed)
        let first = breaker.admits(at: .seconds(23))
        let second = breaker.admits(at: .seconds(23))
        #expect(first && second)
    }

    @Test func aLateFailureDoesNotExtendAnOpenBreaker() {
        var breaker = CircuitBreaker(threshold: 1, coolDown: .seconds(10))
        _ = breaker.recordFailure(at: .zero)
        #expect(breaker.recordFailure(at: .seconds(5)) == nil)
        let admitted10 = breaker.admits(at: .seconds(10))
        #expect(admitted10)
    }
}
