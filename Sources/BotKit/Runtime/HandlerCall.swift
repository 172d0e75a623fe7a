import PersistentChat
import Synchronization

/// The time a handler call spent waiting for answers to its questions (``BotContext/ask(_:of:timeout:)``), which does
/// not count against its timeout.
final class CallDeadline: Sendable {
    /// The deadline of the handler call the current task belongs to.
    @TaskLocal static var current: CallDeadline?

    private struct State {
        /// Questions waiting now, and since when (on the call's clock) at least one has.
        var waiting = 0
        var since: Duration = .zero
        /// Waited and not yet added to the call's time.
        var credit: Duration = .zero
    }
    private let state = Mutex(State())

    /// A question starts waiting at `now`.
    func pause(at now: Duration) {
        state.withLock { state in
            if state.waiting == 0 { state.since = now }
            state.waiting += 1
        }
    }

    /// A question stopped waiting at `now`.
    func resume(at now: Duration) {
        state.withLock { state in
            state.waiting -= 1
            if state.waiting == 0 { state.credit += now - state.since }
        }
    }

    /// The time waited since last asked, now counted; nil while a question waits.
    func takeCredit() -> Duration? {
        state.withLock { state in
            guard state.waiting == 0 else { return nil }
            defer { state.credit = .zero }
            return state.credit
        }
    }
}

/// How one handler call ended.
enum HandlerOutcome: Sendable {
    case completed
    case failed(any Error)
    /// The call ran past its timeout and was cancelled (if it ignores that, it is left to finish on its own).
    case timedOut
    /// The caller was cancelled (the host is stopping the bot), and so was the call.
    case stopped
}

/// Runs a handler call with a timeout: past it, the call is cancelled and the caller moves on at once, even if the
/// handler ignores cancellation (it is then left to finish on its own, and counted by `abandoned`). Cancelling the
/// caller (the host stopping the bot) likewise cancels the call, then waits at most `stopGrace` (and the timeout)
/// for it to end: a call that returned meanwhile, or had returned just as the stop came, did its work and counts as
/// completed (its message is recorded, not handed over again after a restart); one that threw or still runs counts
/// as stopped.
enum HandlerCall {
    /// How long a stopped call may take to end on its cancellation.
    static let stopGrace: Duration = .seconds(1)

    static func run(
        timeout: Duration, clock: any BotClock, abandoned: AbandonedCalls,
        _ body: @escaping @Sendable () async throws -> Void
    ) async -> HandlerOutcome {
        let deadline = CallDeadline()
        let work = Task { try await CallDeadline.$current.withValue(deadline) { try await body() } }
        let race = Race()
        /// How the work itself ended, whatever won the race.
        let ended = Race()
        let timer = Task {
            var wait = timeout
            // Time spent waiting for answers (``BotContext/ask(_:of:timeout:)``) is added to the call's; while a
            // question waits, the timeout is looked at again each second.
            while wait > .zero {
                do { try await clock.sleep(for: wait) } catch { return }
                wait = deadline.takeCredit() ?? .seconds(1)
            }
            race.settle(.timedOut)
        }
        Task {
            let result = await work.result
            timer.cancel()
            let outcome: HandlerOutcome
            switch result {
            case .success: outcome = .completed
            case .failure(let error): outcome = .failed(error)
            }
            race.settle(outcome)
            ended.settle(outcome)
        }
        let outcome = await withTaskCancellationHandler {
            await race.outcome()
        } onCancel: {
            race.settle(.stopped)
        }
        switch outcome {
        case .completed, .failed: return outcome
        case .timedOut, .stopped: break
        }
        // Timed out or stopped: cancel the call, and count it until it really ends.
        timer.cancel()
        work.cancel()
        if case .stopped = outcome {
            // The stop may have come as the handler returned (before the race heard of it), or the handler ends on
            // its cancellation now. Waited for on the real clock: a virtual one may never get there.
            let grace = Task {
                try? await Task.sleep(for: min(timeout, stopGrace))
                ended.settle(.stopped)
            }
            let end = await ended.outcome()
            grace.cancel()
            switch end {
            case .completed: return .completed
            case .failed: return .stopped
            case .timedOut, .stopped: break
            }
        }
        abandoned.started()
        Task {
            _ = await work.result
            abandoned.ended()
        }
        return outcome
    }

    /// The first outcome settled wins; `outcome()` waits for it.
    private final class Race: Sendable {
        private struct State {
            var outcome: HandlerOutcome?
            var waiter: CheckedContinuation<HandlerOutcome, Never>?
        }
        private let state = Mutex(State())

        func settle(_ outcome: HandlerOutcome) {
            let waiter = state.withLock { state -> CheckedContinuation<HandlerOutcome, Never>? in
                guard state.outcome == nil else { return nil }
                state.outcome = outcome
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: outcome)
        }

        func outcome() async -> HandlerOutcome {
            await withCheckedContinuation { continuation in
                let settled = state.withLock { state -> HandlerOutcome? in
                    if let outcome = state.outcome { return outcome }
                    state.waiter = continuation
                    return nil
                }
                if let settled { continuation.resume(returning: settled) }
            }
        }
    }
}

/// Handler calls that timed out and have not ended yet (they ignored their cancellation); the supervisor starts no
/// new call while `queues.stuck_calls` of them run (``waitUntilBelow(_:)``).
final class AbandonedCalls: Sendable {
    private struct State {
        var count = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var nextWaiter = 0
    }
    private let state = Mutex(State())
    var current: Int { state.withLock { $0.count } }
    func started() { state.withLock { $0.count += 1 } }

    func ended() {
        let waiters = state.withLock { state in
            state.count -= 1
            defer { state.waiters.removeAll() }
            return state.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once fewer than `limit` abandoned calls run, or the caller is cancelled.
    func waitUntilBelow(_ limit: Int) async {
        while !Task.isCancelled {
            let id = state.withLock { state in
                defer { state.nextWaiter += 1 }
                return state.nextWaiter
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.count < limit || Task.isCancelled { return true }
                        state.waiters.append((id, continuation))
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index).continuation
                }
                waiter?.resume()
            }
            if current < limit { return }
        }
    }
}
