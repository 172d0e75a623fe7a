import Foundation
import PersistentChatProtocol

/// One line of `pchatd export`'s JSON Lines file: a stored message with its room, author, time, kind, story title,
/// formatted parts and file links.
public struct ExportedMessage: Codable, Sendable, Equatable {
    /// What a message is.
    public enum Kind: String, Codable, Sendable {
        /// Plain text.
        case text
        /// Formatted parts (hyperlinks, emoticons, room links).
        case formatted
        /// A story: ``ExportedMessage/storyTitle`` with ``ExportedMessage/text`` as its body.
        case story
        /// An uploaded file posted as a link.
        case file
    }

    /// A file link among the parts.
    public struct File: Codable, Sendable, Equatable {
        /// The uploaded file's name and size in bytes.
        public var name: String
        public var size: Int64
        /// The link, `ma-filelink://DOMAIN/KEY`.
        public var uri: String
        /// The stored file's key: its name in the data folder's `files/` and in the export's `--files` folder.
        public var key: String
        /// With `--files`: whether the file was copied (false when the data folder no longer has it).
        public var copied: Bool?
    }

    /// Server-assigned, increasing across the server.
    public var id: Int64
    /// The room's name and `ma-chan://` URI.
    public var room: String
    public var roomUri: String
    /// The author's SIP URI.
    public var author: String
    /// When the server received it, ISO 8601 in UTC with milliseconds.
    public var time: String
    /// The same time in milliseconds since 1970.
    public var ts: Int64
    public var kind: Kind
    /// Whether it was sent as an alert.
    public var alert: Bool
    /// The plain text (a story's body; a formatted message's parts as text).
    public var text: String
    /// A story's title.
    public var storyTitle: String?
    /// The formatted parts as on the wire; a plain message has one text part.
    public var parts: [MessagePartPayload]
    /// The file links, for ``Kind/file``.
    public var files: [File]?
    /// The id the sender chose, if any.
    public var clientMessageId: String?
}
