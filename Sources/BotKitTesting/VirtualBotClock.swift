import BotKit
import Foundation
import Synchronization

/// A clock that moves only when a test advances it: handler timeouts, circuit-breaker cool-downs, rate limits,
/// reconnect waits, schedules and one-shot jobs, without waiting. Its wall clock starts at `wallStart` and moves with
/// it.
public final class VirtualBotClock: BotClock {
    private struct Sleeper {
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }
    private struct State {
        var now: Duration = .zero
        var sleepers: [Int: Sleeper] = [:]
        var nextId = 0
    }
    private let state = Mutex(State())
    /// The wall-clock time at which the clock started.
    public let wallStart: Date

    /// A clock at zero whose wall clock reads `wallStart` (by default Monday 5 January 2026, 00:00 UTC).
    public init(wallStart: Date = Date(timeIntervalSince1970: 1_767_571_200)) {
        self.wallStart = wallStart
    }

    public var now: Duration { state.withLock { $0.now } }

    public var wallTime: Date {
        let (seconds, attoseconds) = now.components
        return wallStart.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    public func sleep(for duration: Duration) async throws {
        let id = state.withLock { state in
            defer { state.nextId += 1 }
            return state.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: (any Error)?? = state.withLock { state in
                    if Task.isCancelled { return .some(CancellationError()) }
                    if duration <= .zero { return .some(nil) }
                    state.sleepers[id] = Sleeper(deadline: state.now + duration, continuation: continuation)
                    return .none
                }
                switch resumeNow {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Sleeps until the wall clock reads `date`, in one sleep (the virtual wall clock never jumps).
    public func sleep(untilWallTime date: Date) async throws {
        let remaining = date.timeIntervalSince(wallTime)
        try await sleep(for: remaining > 0 ? .microseconds(Int64((remaining * 1_000_000).rounded(.up))) : .zero)
    }

    /// Waits, for at most `seconds` of real time, until something sleeps until `date` on the wall clock (to within a
    /// millisecond): a schedule armed for that slot, or a job due then. Throws ``VirtualBotClockError`` otherwise.
    public func waitForSleeper(wakingAt date: Date, within seconds: Double = 5) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let found = state.withLock { state in
                state.sleepers.values.contains { sleeper in
                    let (whole, attoseconds) = sleeper.deadline.components
                    let wall = wallStart.addingTimeInterval(Double(whole) + Double(attoseconds) / 1e18)
                    return abs(wall.timeIntervalSince(date)) < 0.001
                }
            }
            if found { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw VirtualBotClockError.noSleeper(wakingAt: date, seconds: seconds)
    }

    /// Moves time on and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now += duration
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves time on until the wall clock reads `date` (nothing happens when it reads that or later already).
    public func advance(toWallTime date: Date) {
        let remaining = date.timeIntervalSince(wallTime)
        guard remaining > 0 else { return }
        advance(by: .microseconds(Int64((remaining * 1_000_000).rounded(.up))))
    }

    /// How many sleeps are waiting.
    public var sleeping: Int { state.withLock { $0.sleepers.count } }
}

/// What ``VirtualBotClock/waitForSleeper(wakingAt:within:)`` did not find.
public enum VirtualBotClockError: Error, Sendable, CustomStringConvertible {
    /// Nothing slept until `wakingAt` within `seconds` of real time.
    case noSleeper(wakingAt: Date, seconds: Double)

    public var description: String {
        switch self {
        case .noSleeper(let date, let seconds): "nothing slept until \(date.ISO8601Format()) within \(seconds) s"
        }
    }
}
