import Foundation
import PersistentChat

/// The time source of the bot runtime: handler timeouts, circuit-breaker cool-downs and schedules are measured on it,
/// so a test can run them on a virtual clock.
public protocol BotClock: Sendable {
    /// Time elapsed since an arbitrary, fixed origin.
    var now: Duration { get }
    /// The date and time on the wall clock (schedules and one-shot jobs fall due by it).
    var wallTime: Date { get }
    /// Suspends for `duration` of this clock's time; throws `CancellationError` if the task is cancelled.
    func sleep(for duration: Duration) async throws
    /// Suspends until ``wallTime`` reads `date` or later; throws `CancellationError` if the task is cancelled.
    func sleep(untilWallTime date: Date) async throws
}

extension BotClock {
    /// Sleeps in steps of at most a minute until the wall clock reads `date`, so that a wall clock set forwards or
    /// backwards (or a machine that slept) is noticed.
    public func sleep(untilWallTime date: Date) async throws {
        while true {
            let remaining = date.timeIntervalSince(wallTime)
            if remaining <= 0 { return }
            try await sleep(for: .milliseconds(Int64((min(remaining, 60) * 1000).rounded(.up))))
        }
    }
}

/// The machine's monotonic clock.
public struct SystemBotClock: BotClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Duration { ContinuousClock.now - origin }

    public var wallTime: Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
