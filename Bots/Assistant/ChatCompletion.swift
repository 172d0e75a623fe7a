import BotKit
import CurlHTTP
import Foundation
import HTTPTypes

/// The request and answer of an OpenAI-compatible `POST /v1/chat/completions` (OpenAI, Azure OpenAI, vLLM, llama.cpp's
/// server, Ollama, LiteLLM and the like).
enum ChatCompletion {
    /// One message of the conversation sent.
    struct Message: Codable, Sendable, Equatable {
        /// `system`, `user` or `assistant`.
        var role: String
        var content: String
    }

    struct Request: Encodable, Sendable {
        var model: String
        var messages: [Message]
        var max_tokens: Int
        var temperature: Double?
    }

    /// The parts of the answer the bot reads.
    struct Response: Decodable, Sendable {
        struct Choice: Decodable, Sendable {
            struct Content: Decodable, Sendable {
                var content: String?
            }
            var message: Content?
            var finish_reason: String?
        }
        var choices: [Choice]
    }

    /// The answer's text, and whether it was cut off at `max_tokens`.
    struct Answer: Sendable, Equatable {
        var text: String
        var cutOff: Bool
    }

    /// The service's own account of an error: `{"error": {"message": …}}`.
    struct ErrorBody: Decodable, Sendable {
        struct Detail: Decodable, Sendable { var message: String? }
        var error: Detail?
    }

    /// Reads a successful response; a body that is not that API's JSON, or holds no text, is ``AssistantFailure/malformed``.
    static func answer(from response: CurlHTTPResponse) throws(AssistantFailure) -> Answer {
        let decoded: Response
        do {
            decoded = try JSONDecoder().decode(Response.self, from: Data(response.body))
        } catch {
            throw .malformed("\(error)")
        }
        guard let choice = decoded.choices.first,
              let text = choice.message?.content?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw .malformed("no choice with text in the answer")
        }
        return Answer(text: text, cutOff: choice.finish_reason == "length")
    }

    /// What an answer with `status` means, with the service's own message for the log.
    static func failure(of response: CurlHTTPResponse) -> AssistantFailure {
        let detail = (try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body)))?.error?.message
            ?? String(decoding: response.body.prefix(300), as: UTF8.self)
        let code = response.status.code
        switch code {
        case 429:
            let wait = response.headers[.retryAfter].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return .busy(retryAfter: wait, detail: detail)
        case 401, 403: return .refusedKey(status: code, detail: detail)
        case 500...599: return .serviceFailed(status: code, detail: detail)
        default: return .refused(status: code, detail: detail)
        }
    }
}

/// Why the assistant has no answer: each has a short text for the room and a fuller one for the log.
enum AssistantFailure: Error, Sendable, Equatable {
    case busy(retryAfter: Int?, detail: String)
    case refusedKey(status: Int, detail: String)
    case serviceFailed(status: Int, detail: String)
    case refused(status: Int, detail: String)
    case malformed(String)
    case timedOut(seconds: Int)
    case unreachable(String)
    case noHistory(String)

    /// What the room is told.
    var roomText: String {
        switch self {
        case .busy(let wait?, _): "The assistant's service is busy (HTTP 429); try again in \(wait) s."
        case .busy(nil, _): "The assistant's service is busy (HTTP 429); try again in a minute."
        case .refusedKey(let status, _): "The assistant's service refused the bot's key (HTTP \(status)); tell whoever runs the bot."
        case .serviceFailed(let status, _): "The assistant's service failed (HTTP \(status)); try again later."
        case .refused(let status, _): "The assistant's service refused the question (HTTP \(status))."
        case .malformed: "The assistant's service sent an answer that could not be read."
        case .timedOut(let seconds): "The assistant did not answer within \(seconds) s; try again later."
        case .unreachable(let reason): "The assistant's service could not be reached (\(reason))."
        case .noHistory: "The assistant could not read the room's recent messages; try again in a moment."
        }
    }

    /// What the log is told (the service's message; never the key).
    var logText: String {
        switch self {
        case .busy(_, let detail), .refusedKey(_, let detail), .serviceFailed(_, let detail), .refused(_, let detail): detail
        case .malformed(let reason): reason
        case .timedOut(let seconds): "no answer within \(seconds) s"
        case .unreachable(let reason): reason
        case .noHistory(let reason): "the room's history could not be read: \(reason)"
        }
    }
}
