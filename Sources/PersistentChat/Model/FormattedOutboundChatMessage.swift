/// A formatted message to send, built part by part (Lync `FormattedOutboundChatMessage`).
///
/// ```swift
/// var message = FormattedOutboundChatMessage(isAlert: false)
/// message.appendPlainText("see ")
/// message.appendHyperLink("the runbook", url: "https://wiki.example/runbook")
/// message.appendEmoticon(.smile)
/// try await session.sendChatMessage(message)
/// ```
public struct FormattedOutboundChatMessage: Sendable, Equatable {
    /// Sent as an alert (high priority).
    public var isAlert: Bool
    /// Nil unless the message is a story.
    public var storyTitle: String?
    /// The parts appended so far.
    public private(set) var formattedMessageParts: [MessagePartPayload] = []

    /// An empty message; append at least one part before sending.
    public init(isAlert: Bool = false, storyTitle: String? = nil) {
        self.isAlert = isAlert
        self.storyTitle = storyTitle
    }

    /// The message as plain text.
    public var messageContent: String { formattedMessageParts.plainText }

    /// Text as it is.
    public mutating func appendPlainText(_ text: String) { formattedMessageParts.append(.text(text)) }
    /// An emoticon (shown as its characters, e.g. `:)`, by plain-text clients).
    public mutating func appendEmoticon(_ emoticon: ChatEmoticon) { formattedMessageParts.append(.emoticon(emoticon)) }
    /// A link; the server accepts http, https and mailto URLs.
    public mutating func appendHyperLink(_ displayText: String, url: String) {
        formattedMessageParts.append(.hyperlink(text: displayText, url: url))
    }
    /// A link to a room.
    public mutating func appendChatRoomLink(_ room: ChatRoomSummary) {
        formattedMessageParts.append(.roomLink(text: room.name, room: room.chatRoomUri))
    }
}
