import PersistentChat
import Synchronization

/// One instance's questions that wait for an answer (``BotContext/ask(_:of:timeout:)``), at most one per person: the
/// instance's supervisor offers each room message here first, and a message from a person asked, newer than the
/// messages seen when the question was asked, is the answer and goes no further.
final class QuestionDesk: Sendable {
    private struct Question {
        let id: Int
        /// Messages up to this id came before the question.
        let after: Int64
        var waiter: CheckedContinuation<ChatMessage, any Error>?
        var answer: ChatMessage?
    }
    private struct State {
        var open: [String: Question] = [:]
        var nextId = 0
        /// The newest message offered so far.
        var newest: Int64 = 0
        /// Messages whose call the host stopped while it waited for an answer.
        var interrupted: Set<Int64> = []
    }
    private let state = Mutex(State())

    /// Opens a question to `person` (a SIP URI); nil when one is open already.
    func open(to person: String) -> Int? {
        state.withLock { state in
            let key = person.lowercased()
            guard state.open[key] == nil else { return nil }
            defer { state.nextId += 1 }
            state.open[key] = Question(id: state.nextId, after: state.newest)
            return state.nextId
        }
    }

    /// Waits for the answer to question `id` of `person`; throws when it is closed first (``close(_:of:with:)``) or
    /// the task is cancelled.
    func answer(_ id: Int, of person: String) async throws -> ChatMessage {
        let key = person.lowercased()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ChatMessage, any Error>) in
                let now: Result<ChatMessage, any Error>? = state.withLock { state in
                    guard var question = state.open[key], question.id == id else { return .failure(CancellationError()) }
                    if let answer = question.answer {
                        state.open[key] = nil
                        return .success(answer)
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

    /// Closes question `id` of `person` unanswered: its waiter, if any, gets `error`.
    func close(_ id: Int, of person: String, with error: any Error) {
        let key = person.lowercased()
        let waiter = state.withLock { state -> CheckedContinuation<ChatMessage, any Error>? in
            guard let question = state.open[key], question.id == id else { return nil }
            state.open[key] = nil
            return question.waiter
        }
        waiter?.resume(throwing: error)
    }

    /// Notes that the call handling message `id` was stopped while its question waited: the question is answered
    /// with a notice at the next start, so the message counts as handled rather than being handed over again.
    func interrupted(_ id: Int64) {
        _ = state.withLock { $0.interrupted.insert(id) }
    }

    /// Whether the call handling message `id` was stopped while its question waited (asked once).
    func takeInterrupted(_ id: Int64) -> Bool {
        state.withLock { $0.interrupted.remove(id) != nil }
    }

    /// Whether `message` answers an open question (it then goes no further); called with every message offered to
    /// the instance, in order.
    func take(_ message: ChatMessage) -> Bool {
        let key = message.messageAuthor.value.lowercased()
        let (taken, waiter) = state.withLock { state -> (Bool, CheckedContinuation<ChatMessage, any Error>?) in
            state.newest = max(state.newest, message.messageId)
            guard var question = state.open[key], question.answer == nil, message.messageId > question.after else {
                return (false, nil)
            }
            if let waiter = question.waiter {
                state.open[key] = nil
                return (true, waiter)
            }
            question.answer = message
            state.open[key] = question
            return (true, nil)
        }
        waiter?.resume(returning: message)
        return taken
    }
}
