/// The emoticons a formatted message may carry (Lync `ChatEmoticon`), with the text each shows as.
public enum ChatEmoticon: String, Codable, Sendable, CaseIterable {
    case smile, frown, cool, laughing, shocked, confused, crying, tongue, wink, angry, kissing

    /// The emoticon as plain text, e.g. `:)`.
    public var text: String {
        switch self {
        case .smile: ":)"
        case .frown: ":("
        case .cool: "8-)"
        case .laughing: ":-D"
        case .shocked: ":-O"
        case .confused: ":-/"
        case .crying: ":'("
        case .tongue: ":-P"
        case .wink: ";)"
        case .angry: ">:O"
        case .kissing: ":-*"
        }
    }
}

/// One part of a formatted message (Lync `MessagePart…`).
///
/// On the wire each part is an object with a `type`: `text` {text}, `hyperlink` {text, url}, `emoticon` {emoticon},
/// `roomLink` {text, room}, `fileLink` {name, size, uri} (file links are made by the server from uploads only).
public enum MessagePartPayload: Codable, Sendable, Equatable {
    case text(String)
    case hyperlink(text: String, url: String)
    case emoticon(ChatEmoticon)
    case roomLink(text: String, room: ChatRoomURI)
    case fileLink(name: String, size: Int64, uri: String)

    /// The part as plain text, for clients that show text only.
    public var plainText: String {
        switch self {
        case .text(let text): text
        case .hyperlink(let text, let url): text == url || text.isEmpty ? url : "\(text) <\(url)>"
        case .emoticon(let emoticon): emoticon.text
        case .roomLink(let text, _): text
        case .fileLink(let name, let size, _): "[file: \(name), \(Self.sizeEstimate(size))]"
        }
    }

    /// A size for people, e.g. `10 kilobytes` (Lync `FileSizeEstimate`).
    public static func sizeEstimate(_ bytes: Int64) -> String {
        switch bytes {
        case ..<1024: "\(bytes) bytes"
        case ..<(1024 * 1024): "\(bytes / 1024) kilobytes"
        default: "\(bytes / (1024 * 1024)) megabytes"
        }
    }

    enum Keys: String, CodingKey { case type, text, url, emoticon, room, name, size, uri }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "text": self = .text(try c.decode(String.self, forKey: .text))
        case "hyperlink": self = .hyperlink(text: try c.decode(String.self, forKey: .text), url: try c.decode(String.self, forKey: .url))
        case "emoticon": self = .emoticon(try c.decode(ChatEmoticon.self, forKey: .emoticon))
        case "roomLink": self = .roomLink(text: try c.decode(String.self, forKey: .text), room: try c.decode(ChatRoomURI.self, forKey: .room))
        case "fileLink":
            self = .fileLink(name: try c.decode(String.self, forKey: .name), size: try c.decode(Int64.self, forKey: .size),
                             uri: try c.decode(String.self, forKey: .uri))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription:
                "unknown message part type '\(type)'; known: text, hyperlink, emoticon, roomLink, fileLink")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .text(let text):
            try c.encode("text", forKey: .type)
            try c.encode(text, forKey: .text)
        case .hyperlink(let text, let url):
            try c.encode("hyperlink", forKey: .type)
            try c.encode(text, forKey: .text)
            try c.encode(url, forKey: .url)
        case .emoticon(let emoticon):
            try c.encode("emoticon", forKey: .type)
            try c.encode(emoticon, forKey: .emoticon)
        case .roomLink(let text, let room):
            try c.encode("roomLink", forKey: .type)
            try c.encode(text, forKey: .text)
            try c.encode(room, forKey: .room)
        case .fileLink(let name, let size, let uri):
            try c.encode("fileLink", forKey: .type)
            try c.encode(name, forKey: .name)
            try c.encode(size, forKey: .size)
            try c.encode(uri, forKey: .uri)
        }
    }
}

extension Array where Element == MessagePartPayload {
    /// The parts as one plain text.
    public var plainText: String { map(\.plainText).joined() }
}
