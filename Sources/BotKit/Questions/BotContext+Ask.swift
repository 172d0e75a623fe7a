import Foundation
import PersistentChat

extension BotContext {
    /// Posts `question` and returns `person`'s next message in the room (a SIP URI, such as the sender of the message
    /// being handled), which then reaches none of the bot's commands or handlers; throws ``BotQuestionError`` when
    /// no answer comes within `timeout`, or when a question to `person` is open already.
    ///
    /// The wait does not count against the call's own timeout, but it holds one of the instance's `concurrency` places
    /// (room file, 1 by default): with one place the room's other messages wait for the answer; give a bot that asks
    /// more. Room events and the bot's jobs wait for the calls under way, so for an open question too. A question
    /// still open when the host stops is answered in the room with a short notice at the next start, and the message
    /// that asked counts as handled (what its call stored is not kept).
    ///
    /// ```swift
    /// let answer = try await context.ask("Which environment?", of: sender, timeout: .seconds(60))
    /// ```
    public func ask(_ question: String, of person: String, timeout: Duration) async throws -> ChatMessage {
        guard timeout > .zero else { throw BotQuestionError.invalidTimeout(timeout) }
        guard let id = questions.open(to: person) else { throw BotQuestionError.alreadyAsking(person) }
        let clock = clock
        let deadline = CallDeadline.current
        deadline?.pause(at: clock.now)
        let questions = questions
        let expiry = Task {
            do { try await clock.sleep(for: timeout) } catch { return }
            questions.close(id, of: person, with: BotQuestionError.timedOut(person: person, after: timeout))
        }
        defer {
            expiry.cancel()
            questions.remove(id, of: person)
            deadline?.resume(at: clock.now)
        }
        // Kept apart from the call's storage: written at once, so a stop finds it.
        let record = OpenQuestion.record(of: person, in: schedulesScope)
        let stored = try JSONEncoder().encode(OpenQuestion(question: question))
        try await store.commit([record: .set(value: [UInt8](stored), expires: nil)])
        do {
            let posted = try await reply(question).acknowledged()
            questions.posted(id, of: person, as: posted)
            let answer = try await questions.answer(id, of: person)
            await OpenQuestion.forget(person, context: self)
            return answer
        } catch {
            if Task.isCancelled {
                // A stop (the call's own timeout does not run while a question waits): the record stays for the
                // notice at the next start; the supervisor forgets it when the call turns out not to be stopped.
                if let message { questions.interrupted(message.messageId, asking: person) }
            } else {
                await OpenQuestion.forget(person, context: self)
            }
            throw error
        }
    }
}

/// Why ``BotContext/ask(_:of:timeout:)`` returned no answer.
public enum BotQuestionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer came in time.
    case timedOut(person: String, after: Duration)
    /// A question to this person is waiting already.
    case alreadyAsking(String)
    /// The timeout is zero or negative.
    case invalidTimeout(Duration)

    public var description: String {
        switch self {
        case .timedOut(let person, let after): "\(person) did not answer within \(DurationText.describe(after))"
        case .alreadyAsking(let person): "a question to \(person) is waiting for an answer already"
        case .invalidTimeout(let timeout): "a question's timeout must be above zero, got \(DurationText.describe(timeout))"
        }
    }
}

/// A question as kept while it waits: what was asked.
struct OpenQuestion: Codable, Sendable {
    let question: String

    static let keyPrefix = "ask:"

    /// Where the question to `person` is kept while it waits.
    static func record(of person: String, in scope: StorageScope) -> StorageKey {
        StorageKey(scope: scope, key: keyPrefix + person.lowercased())
    }

    /// What the room is told at a start about a question the host stopped waiting for.
    static func notice(to person: String, question: String) -> String {
        let quoted = question.count > 120 ? question.prefix(119) + "…" : Substring(question)
        return "\(person): the bot restarted and no longer waits for your answer to \u{201C}\(quoted)\u{201D}."
    }
}

extension OpenQuestion {
    /// Forgets the open question to `person` (answered, timed out, or its call ended other than by a stop), logging a
    /// failure.
    static func forget(_ person: String, context: BotContext) async {
        do {
            try await context.store.commit([record(of: person, in: context.schedulesScope): .deleted])
        } catch {
            context.logger.error("an ended question was not forgotten", metadata: ["error": "\(error)"])
        }
    }

    /// Whether questions were open when the host last stopped (false when that cannot be read: logged).
    static func anyLeftOpen(_ context: BotContext) async -> Bool {
        do {
            return try await !context.store.keys(in: context.schedulesScope, prefix: keyPrefix, now: Date().timeIntervalSince1970).isEmpty
        } catch {
            context.logger.error("the questions left open cannot be read", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Answers in the room, with a short notice, each question that was open when the host last stopped, and
    /// forgets it: run first when an instance starts.
    static func answerLeftOpen(_ context: BotContext) async throws {
        let storage = context.schedulesStorage
        for key in try await storage.keys(prefix: keyPrefix) {
            if let open = try await storage.value(key, as: OpenQuestion.self) {
                try await context.reply(notice(to: String(key.dropFirst(keyPrefix.count)), question: open.question))
            }
            try await storage.delete(key)
        }
    }
}
