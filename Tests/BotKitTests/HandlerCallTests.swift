@testable import BotKit
import Synchronization
import Testing

/// A handler call stopped by its caller (the host stopping the bot) counts as handled when the handler returned
/// anyway, just before or on its cancellation: otherwise its message is not recorded in the ledger and is handed over
/// a second time after a restart.
@Suite struct HandlerCallTests {
    final class Flag: Sendable {
        private let value = Atomic(false)
        var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
        func set() { value.store(true, ordering: .sequentiallyConsistent) }
    }

    @Test func aCallThatReturnedAsTheStopCameCountsAsCompleted() async {
        var stoppedAfterReturning = 0
        for _ in 0..<300 {
            let returned = Flag()
            let call = Task {
                await HandlerCall.run(timeout: .seconds(30), clock: SystemBotClock(), abandoned: AbandonedCalls()) {
                    returned.set()
                }
            }
            // Stopped the moment the handler has done its work, before the call has heard that it returned.
            while !returned.isSet { await Task.yield() }
            call.cancel()
            if case .stopped = await call.value { stoppedAfterReturning += 1 }
        }
        #expect(stoppedAfterReturning == 0, "\(stoppedAfterReturning) of 300 calls returned but counted as stopped")
    }

    @Test func aCallThatReturnsOnItsCancellationCountsAsCompleted() async {
        let abandoned = AbandonedCalls()
        let call = Task {
            await HandlerCall.run(timeout: .seconds(30), clock: SystemBotClock(), abandoned: abandoned) {
                // Ignores the cancellation, and returns shortly after it.
                let until = ContinuousClock.now + .milliseconds(100)
                while ContinuousClock.now < until { try? await Task.sleep(for: .milliseconds(10)) }
            }
        }
        try? await Task.sleep(for: .milliseconds(20))
        call.cancel()
        let outcome = await call.value
        #expect({ if case .completed = outcome { true } else { false } }(), "got \(outcome)")
        #expect(abandoned.current == 0)
    }

    @Test func aCallThatThrowsOnItsCancellationIsStopped() async {
        let abandoned = AbandonedCalls()
        let call = Task {
            await HandlerCall.run(timeout: .seconds(30), clock: SystemBotClock(), abandoned: abandoned) {
                try await Task.sleep(for: .seconds(3600))
            }
        }
        try? await Task.sleep(for: .milliseconds(20))
        call.cancel()
        let outcome = await call.value
        #expect({ if case .stopped = outcome { true } else { false } }(), "got \(outcome)")
    }

    @Test func aCallStillRunningAfterTheGraceIsStoppedAndCounted() async {
        let abandoned = AbandonedCalls()
        let release = Flag()
        let call = Task {
            await HandlerCall.run(timeout: .milliseconds(300), clock: SystemBotClock(), abandoned: abandoned) {
                while !release.isSet { try? await Task.sleep(for: .milliseconds(10)) }
            }
        }
        try? await Task.sleep(for: .milliseconds(20))
        call.cancel()
        let outcome = await call.value
        #expect({ if case .stopped = outcome { true } else { false } }(), "got \(outcome)")
        #expect(abandoned.current == 1)
        release.set()
    }
}
