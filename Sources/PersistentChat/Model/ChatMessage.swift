import Foundation

/// A message received live or read from history.
public struct ChatMessage: Sendable, Equatable {
    /// Unique and increasing within the room; use it for paging.
    public var messageId: Int64
    public var chatRoomUri: ChatRoomURI
    public var chatRoomName: String
    public var messageAuthor: SIPURI
    public var messageContent: String
    public var isAlert: Bool
    /// When the server received it.
    public var timestamp: Date
    /// The id the sender chose, if any.
    public var clientMessageId: String?
    /// Set for stories; ``messageContent`` is then the body.
    public var storyTitle: String?
    /// The formatted parts; a plain message has one text part.
    public var formattedMessageParts: [MessagePartPayload]

    /// Whether the message is a story.
    public var isStory: Bool { storyTitle != nil }

    /// The file links among the parts (uploads posted to the room).
    public var fileDownloadLinks: [MessagePartPayload] {
        formattedMessageParts.filter { if case .fileLink = $0 { true } else { false } }
    }

    package init(_ payload: ChatMessagePayload) {
        storyTitle = payload.storyTitle
        formattedMessageParts = payload.parts ?? [.text(payload.text)]
        messageId = payload.id
        chatRoomUri = payload.room
        chatRoomName = payload.roomName
        messageAuthor = payload.author
        messageContent = payload.text
        isAlert = payload.alert
        timestamp = Date(millisecondsSince1970: payload.ts)
        clientMessageId = payload.clientMessageId
    }
}

/// What happens in a joined room besides messages.
public enum ChatRoomSessionEvent: Sendable, Equatable {
    /// A participant joined (`isActive` true) or left (Lync `ParticipantAttendanceChanged`).
    case participantAttendanceChanged(ChatRoomParticipant, isActive: Bool)
    /// The session's state changed; `reason` says why when the server ended it.
    case stateChanged(ChatRoomSessionState, reason: PersistentChatError?)
    /// A participant became or stopped being a manager or presenter (Lync `ParticipantPrivilegeChanged`).
    case participantPrivilegeChanged(ChatRoomParticipant)
    /// Room settings changed: old and new values by property name (Lync `ChatRoomPropertiesChanged`).
    case propertiesChanged(old: [String: String], new: [String: String])
}
