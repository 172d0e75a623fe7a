import BotKit
import Foundation

/// The room's recent messages as the conversation sent to the assistant: the newest first within a count and a
/// character budget, then put back in order; the bot's own answers as the assistant's, every other message (other
/// bots' posts of the same endpoint too) as the user's with the sender's name.
enum RoomTranscript {
    /// `messages` (oldest first) before `before` (the asking message's id), at most `count` of them and
    /// `budget` characters in all, the newest kept.
    static func messages(_ messages: [ChatMessage], before: Int64?, count: Int, budget: Int,
                         answers: Set<Int64>) -> [ChatCompletion.Message] {
        var kept: [ChatCompletion.Message] = []
        var used = 0
        for message in messages.reversed() where before.map({ message.messageId < $0 }) ?? true {
            guard kept.count < count else { break }
            let converted = convert(message, isAnswer: answers.contains(message.messageId))
            guard used + converted.content.count <= budget else { break }
            used += converted.content.count
            kept.append(converted)
        }
        return kept.reversed()
    }

    /// One message: the bot's answer as the assistant's, any other as `name: text` (a story as its title and body).
    static func convert(_ message: ChatMessage, isAnswer: Bool) -> ChatCompletion.Message {
        let text = message.storyTitle.map { "\($0)\n\(message.messageContent)" } ?? message.messageContent
        if isAnswer {
            return ChatCompletion.Message(role: "assistant", content: text)
        }
        return ChatCompletion.Message(role: "user", content: "\(name(of: message.messageAuthor.value)): \(text)")
    }

    /// The user part of a SIP URI: `alice` for `sip:alice@contoso.com`.
    static func name(of uri: String) -> String {
        let user = uri.hasPrefix("sip:") ? uri.dropFirst(4) : Substring(uri)
        return String(user.prefix { $0 != "@" })
    }
}
