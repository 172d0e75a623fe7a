import PersistentChat
import Synchronization

/// One instance's questions that wait for an answer (``BotContext/ask(_:of:timeout:)``), at most one per person: the
/// instance's supervisor offers each room message here first, and a message from a person asked, newer than the
/// question's own post, is the answer and goes no further.
final class QuestionDesk: Sendable {
    private struct Question {
        let id: Int
        /// The question's own message id, once the server stored it: only newer messages answer it.
        var after: Int64?
        var waiter: CheckedContinuation<ChatMessage, any Error>?
        /// How it ended before anyone waited: its answer, or why there is none.
        var outcome: Result<ChatMessage, any Error>?
    }
    private struct State {
        var open: [String: Question] = [:]
        var nextId = 0
        /// Messages whose call was cancelled while it waited for an answer, with the person asked.
        var interrupted: [Int64: String] = [:]
    }
    private let state = Mutex(State())

    /// Opens a question to `person` (a SIP URI); nil when one is open already. It takes no answer until
    /// ``posted(_:of:as:)``.
    func open(to person: String) -> Int? {
        state.withLock { state in
            let key = person.lowercased()
            guard state.open[key] == nil else { return nil }
            defer { state.nextId += 1 }
            state.open[key] = Question(id: state.nextId)
            return state.nextId
        }
    }

    /// Question `id` of `person` was stored as message `messageId`: newer messages from the person answer it.
    func posted(_ id: Int, of person: String, as messageId: Int64) {
        state.withLock { state in
            let key = person.lowercased()
            guard state.open[key]?.id == id else { return }
            state.open[key]?.after = messageId
        }
    }

    /// Waits for the answer to question `id` of `person`; throws the error it was closed with
    /// (``close(_:of:with:)``), or `CancellationError` when the task is cancelled.
    func answer(_ id: Int, of person: String) async throws -> ChatMessage {
        let key = person.lowercased()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ChatMessage, any Error>) in
                let now: Result<ChatMessage, any Error>? = state.withLock { state in
                    guard var question = state.open[key], question.id == id else { return .failure(CancellationError()) }
                    if let outcome = question.outcome {
                        state.open[key] = nil
                        return outcome
                    }
                    if Task.isCancelled {
                        state.open[key] = nil
                        return .failure(CancellationError())
                    }
                    question.waiter = continuation
                    state.open[key] = question
                    return nil
                }
                if let now { continuation.resume(with: now) }
            }
        } onCancel: {
            close(id, of: person, with: CancellationError())
        }
    }

    /// Ends question `id` of `person` unanswered: its waiter, or the next one, gets `error`. A question that ended
    /// already keeps its outcome.
    func close(_ id: Int, of person: String, with error: any Error) {
        let key = person.lowercased()
        let waiter = state.withLock { state -> CheckedContinuation<ChatMessage, any Error>? in
            guard var question = state.open[key], question.id == id, question.outcome == nil else { return nil }
            guard let waiter = question.waiter else {
                question.outcome = .failure(error)
                state.open[key] = question
                return nil
            }
            state.open[key] = nil
            return waiter
        }
        waiter?.resume(throwing: error)
    }

    /// Forgets question `id` of `person`, however it ended.
    func remove(_ id: Int, of person: String) {
        state.withLock { state in
            let key = person.lowercased()
            if state.open[key]?.id == id, state.open[key]?.waiter == nil { state.open[key] = nil }
        }
    }

    /// Notes that the call handling message `id` was cancelled while its question to `person` waited: when the
    /// host stopped it, the question is answered with a notice at the next start, so the message counts as handled
    /// rather than being handed over again.
    func interrupted(_ id: Int64, asking person: String) {
        state.withLock { $0.interrupted[id] = person }
    }

    /// The person the call handling message `id` was asking when it was cancelled (asked once, whatever the call's
    /// outcome); nil when it was not.
    func takeInterrupted(_ id: Int64) -> String? {
        state.withLock { $0.interrupted.removeValue(forKey: id) }
    }

    /// Whether `message` answers an open question (it then goes no further); called with every message the instance
    /// queues, in order.
    func take(_ message: ChatMessage) -> Bool {
        let key = message.messageAuthor.value.lowercased()
        let (taken, waiter) = state.withLock { state -> (Bool, CheckedContinuation<ChatMessage, any Error>?) in
            guard var question = state.open[key], question.outcome == nil, let after = question.after,
                  message.messageId > after else {
                return (false, nil)
            }
            if let waiter = question.waiter {
                state.open[key] = nil
                return (true, waiter)
            }
            question.outcome = .success(message)
            state.open[key] = question
            return (true, nil)
        }
        waiter?.resume(returning: message)
        return taken
    }
}
