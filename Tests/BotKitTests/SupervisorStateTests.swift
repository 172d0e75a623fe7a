@testable import BotKit
import Testing

/// A supervisor's state changes as one: a finished call moves the cursor, the counts and the breaker together, and a
/// message the breaker refuses is counted as skipped and finished in the same step.
@Suite struct SupervisorStateTests {
    struct Boom: Error {}

    static func state(threshold: Int = 2) -> SupervisorState {
        SupervisorState(breaker: CircuitBreaker(threshold: threshold, coolDown: .seconds(60)),
                        counts: BotStatistics(name: "echo#1", room: "help-desk"),
                        cursor: DeliveryCursor(HandledLedger.Entry(watermark: 0, handledAbove: [])))
    }

    @Test func finishedCallsMoveCursorCountsAndBreakerTogether() {
        var state = Self.state()
        let admitted = [1, 2, 3].map { state.cursor.admit($0) }
        #expect(admitted == [true, true, true])
        let first = state.finish(1, outcome: .completed, at: .seconds(1))
        #expect(first.watermark == 1 && first.transition == nil)
        let second = state.finish(2, outcome: .failed(Boom()), at: .seconds(2))
        #expect(second.transition == nil)
        let opened = state.finish(3, outcome: .timedOut, at: .seconds(3))
        #expect(opened.watermark == 3)
        #expect(opened.transition == .opened(until: .seconds(63)))
        #expect((state.counts.handled, state.counts.failed, state.counts.timedOut) == (1, 1, 1))
        #expect(state.isDisabled)
    }

    @Test func aRefusedMessageIsSkippedAndFinishedAtOnce() {
        var state = Self.state(threshold: 1)
        _ = state.cursor.admit(1)
        _ = state.finish(1, outcome: .failed(Boom()), at: .seconds(1))
        _ = state.cursor.admit(2)
        let skipped = state.skipIfDisabled(2, at: .seconds(2))
        #expect(skipped == 2)
        #expect(state.counts.skipped == 1)
        #expect(state.cursor.watermark == 2)
        // After the cool-down the breaker lets a trial through: nothing is skipped, and its success re-enables.
        _ = state.cursor.admit(3)
        let trial = state.skipIfDisabled(3, at: .seconds(61))
        #expect(trial == nil)
        let reclosed = state.finish(3, outcome: .completed, at: .seconds(62))
        #expect(reclosed.transition == .reclosed)
        #expect(!state.isDisabled)
    }

    @Test func jobsAreNumberedAndToldOnce() {
        var state = Self.state()
        let first = state.addJob { _ in }
        let second = state.addJob { _ in }
        #expect((first, second) == (0, 1))
        let told = state.takeJob(first)
        let toldAgain = state.takeJob(first)
        #expect(told != nil)
        #expect(toldAgain == nil)
    }
}
