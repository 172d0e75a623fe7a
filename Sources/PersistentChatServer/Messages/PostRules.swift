import Foundation
import PersistentChatProtocol

/// Checks a post and turns it into what is stored: plain text (from the parts when formatted), story title, parts.
struct PostRules {
    let limits: ServerLimits

    /// The message to store, or the reason it is refused.
    func check(_ request: PostRequest) throws(ErrorPayload) -> (text: String, storyTitle: String?, parts: String?) {
        var text = request.text
        var encodedParts: String?
        if let parts = request.parts {
            guard !parts.isEmpty else {
                throw ErrorPayload(.invalidArgument, .emptyMessage, "a formatted message needs at least one part")
            }
            for part in parts { try check(part) }
            text = parts.plainText
            encodedParts = MessageEncoding.encodeParts(parts)
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            throw ErrorPayload(.invalidArgument, .emptyMessage, "a message needs some text")
        }
        let size = text.utf8.count
        if let title = request.storyTitle {
            guard !title.allSatisfy(\.isWhitespace) else {
                throw ErrorPayload(.invalidArgument, .invalidArgument, "a story needs a title")
            }
            guard title.count <= ProtocolLimits.maxNameLength else {
                throw ErrorPayload(.invalidArgument, .tooLong,
                                   "the story title is \(title.count) characters; the limit is \(ProtocolLimits.maxNameLength)")
            }
            guard size <= limits.storySize else {
                throw ErrorPayload(.limitExceeded, .messageTooLarge, "the story is \(size) bytes; the limit is \(limits.storySize)")
            }
        } else {
            guard size <= limits.messageSize else {
                throw ErrorPayload(.limitExceeded, .messageTooLarge, "the message is \(size) bytes; the limit is \(limits.messageSize)")
            }
        }
        if let id = request.clientMessageId, id.isEmpty || id.count > ProtocolLimits.maxClientMessageIdLength {
            throw ErrorPayload(.invalidArgument, .tooLong,
                               "clientMessageId must be 1 to \(ProtocolLimits.maxClientMessageIdLength) characters")
        }
        return (text, request.storyTitle, encodedParts)
    }

    private func check(_ part: MessagePartPayload) throws(ErrorPayload) {
        switch part {
        case .text, .emoticon, .roomLink:
            return
        case .hyperlink(_, let url):
            guard let scheme = URL(string: url)?.scheme?.lowercased(), ["http", "https", "mailto"].contains(scheme) else {
                throw ErrorPayload(.invalidArgument, .invalidArgument,
                                   "hyperlink '\(url)' must be an http, https or mailto URL")
            }
        case .fileLink:
            throw ErrorPayload(.invalidArgument, .invalidArgument,
                               "file links are made by the server from uploads; upload the file instead")
        }
    }
}
