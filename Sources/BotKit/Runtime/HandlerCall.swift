import Synchronization

/// How one handler call ended.
enum HandlerOutcome: Sendable {
    case completed
    case failed(any Error)
    /// The call ran past its timeout and was cancelled (if it ignores that, it is left to finish on its own).
    case timedOut
}

/// Runs a handler call with a timeout: past it, the call is cancelled and the caller moves on at once, even if the
/// handler ignores cancellation (it is then left to finish on its own, and counted by `abandoned`).
enum HandlerCall {
    static func run(
        timeout: Duration, clock: any BotClock, abandoned: AbandonedCalls,
        _ body: @escaping @Sendable () async throws -> Void
    ) async -> HandlerOutcome {
        let work = Task { try await body() }
        let decided = Decision()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<HandlerOutcome, Never>) in
                let timer = Task {
                    do { try await clock.sleep(for: timeout) } catch { return }
                    if decided.claim() {
                        work.cancel()
                        abandoned.started()
                        Task {
                            _ = await work.result
                            abandoned.ended()
                        }
                        continuation.resume(returning: .timedOut)
                    }
                }
                Task {
                    let outcome: HandlerOutcome
                    switch await work.result {
                    case .success: outcome = .completed
                    case .failure(let error): outcome = .failed(error)
                    }
                    timer.cancel()
                    if decided.claim() { continuation.resume(returning: outcome) }
                }
            }
        } onCancel: {
            work.cancel()
        }
    }

    /// Lets exactly one of the racing outcomes through.
    private final class Decision: Sendable {
        private let taken = Mutex(false)
        func claim() -> Bool {
            taken.withLock { taken in
                defer { taken = true }
                return !taken
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
