import Foundation
import Synchronization

/// A sleep on the wall clock that ``wake()`` ends early; a wake that comes while no sleep runs ends the next one at
/// once, so none is lost.
final class WakeableSleep: Sendable {
    private struct State {
        var woken = false
        var sleeper: Task<Void, Never>?
    }
    private let state = Mutex(State())
    private let clock: any BotClock

    init(clock: any BotClock) {
        self.clock = clock
    }

    /// Forgets the wakes so far: what they announced is about to be read.
    func reset() {
        state.withLock { $0.woken = false }
    }

    /// Sleeps until `date` (for good when nil), a wake, or the task's cancellation.
    func sleep(until date: Date?) async {
        let clock = clock
        let sleeper = Task {
            if let date {
                try? await clock.sleep(untilWallTime: date)
            } else {
                while !Task.isCancelled { try? await clock.sleep(for: .seconds(86_400)) }
            }
        }
        let woken = state.withLock { state in
            state.sleeper = sleeper
            return state.woken
        }
        if woken { sleeper.cancel() }
        await withTaskCancellationHandler { await sleeper.value } onCancel: { sleeper.cancel() }
        state.withLock { $0.sleeper = nil }
    }

    /// Ends the current sleep, or the next one.
    func wake() {
        state.withLock { state in
            state.woken = true
            return state.sleeper
        }?.cancel()
    }
}
