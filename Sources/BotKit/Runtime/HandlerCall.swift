import PersistentChat
import Synchronization

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
/// caller (the host stopping the bot) likewise cancels the call and returns at once.
enum HandlerCall {
    static func run(
        timeout: Duration, clock: any BotClock, abandoned: AbandonedCalls,
        _ body: @escaping @Sendable () async throws -> Void
    ) async -> HandlerOutcome {
        let work = Task { try await body() }
        let race = Race()
        let timer = Task {
            do { try await clock.sleep(for: timeout) } catch { return }
            race.settle(.timedOut)
        }
        Task {
            let result = await work.result
            timer.cancel()
            switch result {
            case .success: race.settle(.completed)
            case .failure(let error): race.settle(.failed(error))
            }
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

/// Handler calls that timed out and have not ended yet (they ignored their cancellation).
final class AbandonedCalls: Sendable {
    private let count = Mutex(0)
    var current: Int { count.withLock { $0 } }
    func started() { count.withLock { $0 += 1 } }
    func ended() { count.withLock { $0 -= 1 } }
}
