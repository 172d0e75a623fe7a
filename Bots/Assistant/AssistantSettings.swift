import BotKit
import CurlHTTP
import Foundation
import HTTPTypes

/// The `assistant` bot's options, checked, and the call they configure.
struct AssistantSettings: Sendable {
    let url: String
    let model: String
    let apiKey: Secret?
    let systemPrompt: String
    let contextMessages: Int
    let contextCharacters: Int
    let maxTokens: Int
    let temperature: Double?
    let timeout: Int
    let storyAfter: Int
    let allowInSecretRooms: Bool
    let policy: HTTPClientPolicy

    /// The options, checked; `callTimeout` is the entry's `timeout`, which an answer's wait must stay within.
    init(_ options: AssistantBot.Options, callTimeout: Duration) throws {
        let lowered = options.url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), URL(string: options.url)?.host != nil else {
            throw BotOptionError(key: "url", reason: "must be an http:// or https:// URL, got '\(ShownURL.of(options.url))'")
        }
        url = options.url
        guard !options.model.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw BotOptionError(key: "model", reason: "must name a model, e.g. gpt-4o-mini")
        }
        model = options.model
        apiKey = options.api_key
        systemPrompt = options.system_prompt
            ?? "You are the assistant of the chat room \u{201C}{room}\u{201D}. Answer the last question briefly and plainly; "
            + "the messages before it are the room's recent conversation, each starting with its sender's name."
        contextMessages = try OptionBounds.check(options.context_messages, default: 20, in: 0...200, key: "context_messages")
        contextCharacters = try OptionBounds.check(options.context_characters, default: 6_000, in: 0...100_000, key: "context_characters")
        maxTokens = try OptionBounds.check(options.max_tokens, default: 800, in: 1...32_000, key: "max_tokens")
        if let temperature = options.temperature, !(0...2).contains(temperature) {
            throw BotOptionError(key: "temperature", reason: "must be between 0 and 2, got \(temperature)")
        }
        temperature = options.temperature
        timeout = try OptionBounds.callOutTimeout(options.timeout_seconds, default: 25, within: callTimeout, key: "timeout_seconds")
        storyAfter = try OptionBounds.check(options.story_after, default: 600, in: 100...2_000, key: "story_after")
        allowInSecretRooms = options.allow_in_secret_rooms ?? false
        var policy = HTTPClientPolicy()
        policy.allowedHosts = Set((options.allow_hosts ?? []).map { $0.lowercased() })
        policy.totalTimeout = .seconds(timeout)
        policy.connectTimeout = .seconds(min(timeout, 10))
        policy.maxResponseBytes = 2 << 20
        self.policy = policy
    }

    /// Asks the service `question` for the message being handled and posts the answer, or a short reply saying
    /// why there is none.
    func answer(_ question: String, context: BotContext) async throws {
        // Unknown privacy counts as secret: the room's messages leave the host only when it is known they may.
        if context.roomPrivacy ?? .secret == .secret, !allowInSecretRooms {
            try await context.reply("The assistant is off in this room: it is secret, and its room file does not allow "
                                    + "sending its messages to the assistant's service (allow_in_secret_rooms).")
            return
        }
        let asker = RoomTranscript.name(of: context.message?.messageAuthor.value ?? "")
        let answer: ChatCompletion.Answer
        do {
            answer = try await ask(question, asker: asker, context: context)
        } catch let failure as AssistantFailure {
            context.logger.warning("assistant call failed", metadata: [
                "model": "\(model)", "reason": "\(failure.logText)", "reply": "\(failure.roomText)",
            ])
            try await context.reply(failure.roomText)
            return
        }
        var text = Self.prefix(answer.text, bytes: AssistantBot.longestAnswerBytes)
        if answer.cutOff || text.count < answer.text.count { text += " …(cut off)" }
        let posted: QueuedChatMessage
        if text.count > storyAfter {
            let title = "Answer to \(asker): " + Self.shortened(question, to: 60)
            posted = try await context.reply(storyTitle: title, text)
        } else {
            posted = try await context.reply(text)
        }
        // Remembered, so that later questions send this bot's answers as the assistant's and other bots' posts of
        // the same endpoint as the room's.
        let id = try await posted.acknowledged()
        try await context.storage.update(Self.answersKey, as: [Int64].self) { answers in
            answers = Array(((answers ?? []) + [id]).suffix(Self.answersKept))
        }
    }

    /// Where the ids of the bot's last answers are kept, and how many.
    static let answersKey = "answers"
    static let answersKept = 200

    /// `text` when it has at most `limit` characters; otherwise cut at its last space before the limit, with "…";
    /// line breaks and runs of spaces become one space.
    static func shortened(_ text: String, to limit: Int) -> String {
        let text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard text.count > limit else { return text }
        let head = text.prefix(limit - 1)
        let cut = head.lastIndex(where: \.isWhitespace).map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: .whitespaces) + "…"
    }

    /// The longest start of `text` that has at most `bytes` bytes of UTF-8, cut between characters.
    static func prefix(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var used = 0
        return String(text.prefix { character in
            used += character.utf8.count
            return used <= bytes
        })
    }

    /// The service's answer to `question` with the room's recent messages; throws ``AssistantFailure``.
    private func ask(_ question: String, asker: String, context: BotContext) async throws -> ChatCompletion.Answer {
        var messages = [ChatCompletion.Message(role: "system", content: Placeholders.fill(systemPrompt, with: ["{room}": context.room.name]))]
        if contextMessages > 0 {
            let recent: [ChatMessage]
            do {
                // Messages posted while the question waited its turn come after it: read past them.
                recent = try await context.recentMessages(min(contextMessages + 1 + Self.readPast, 500))
            } catch {
                throw AssistantFailure.noHistory(RoomErrorText.describe(error))
            }
            let answers = Set(try await context.storage.value(Self.answersKey, as: [Int64].self) ?? [])
            messages += RoomTranscript.messages(recent, before: context.message?.messageId, count: contextMessages,
                                                budget: contextCharacters, answers: answers)
        }
        messages.append(ChatCompletion.Message(role: "user", content: "\(asker): \(question)"))
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(ChatCompletion.Request(model: model, messages: messages, max_tokens: maxTokens,
                                                                          temperature: temperature)))
        } catch {
            throw AssistantFailure.malformed("the question cannot be encoded: \(error)")
        }
        var headers: HTTPFields = [.contentType: "application/json", .accept: "application/json"]
        if let apiKey { headers[.authorization] = "Bearer \(apiKey.value)" }
        let response: CurlHTTPResponse
        do {
            response = try await context.http.execute(CurlHTTPRequest(method: .post, url: url, headers: headers, body: body), policy: policy)
        } catch CurlHTTPError.timedOut {
            throw AssistantFailure.timedOut(seconds: timeout)
        } catch let error as CurlHTTPError {
            throw AssistantFailure.unreachable(error.summary)
        }
        guard response.isSuccess else { throw ChatCompletion.failure(of: response) }
        return try ChatCompletion.answer(from: response)
    }

    /// How many messages after the question are read past to find the ones before it.
    static let readPast = 50
}
