public import PersistentChat
public import PersistentChatProtocol

// The message model a bot works with, named as the client SDK names it. `import BotKit` brings these and nothing else
// of the SDK or the wire protocol; a bot that drives the SDK itself imports `PersistentChat`.

/// A message of the room, as stored by the server.
public typealias ChatMessage = PersistentChat.ChatMessage
/// The room a bot serves.
public typealias ChatRoomSummary = PersistentChat.ChatRoomSummary
/// A person in the room (``BotEvent/participantJoined(_:)`` and its kin).
public typealias ChatRoomParticipant = PersistentChat.ChatRoomParticipant
/// A reply on its way to the server; await its acknowledgement for the stored id.
public typealias QueuedChatMessage = PersistentChat.QueuedChatMessage
/// The error every SDK call throws, with its ``PersistentChatErrorCode``.
public typealias PersistentChatError = PersistentChat.PersistentChatError
/// Why the server refused a call.
public typealias PersistentChatErrorCode = PersistentChatProtocol.PersistentChatErrorCode
/// A room's `ma-chan://` URI.
public typealias ChatRoomURI = PersistentChatProtocol.ChatRoomURI
/// A person's or endpoint's `sip:` URI.
public typealias SIPURI = PersistentChatProtocol.SIPURI
/// One formatted part of a message: text, hyperlink, emoticon, room link or file link.
public typealias MessagePartPayload = PersistentChatProtocol.MessagePartPayload
/// An emoticon of a formatted message.
public typealias ChatEmoticon = PersistentChatProtocol.ChatEmoticon
