/// Reads the frames of the post path in one pass over their bytes: the `grpchat` message every member receives,
/// the poster's acknowledgement (client side) and the post itself (server side); and, client side, the header of every
/// successful reply, with the data of history pages, searches and joins.
///
/// It handles the shapes ``HotFrames`` and `JSONEncoder` write (any key order, any whitespace, every JSON string
/// escape; formatted parts and a join's room, permissions and roster go to `JSONDecoder` on their bytes alone) and
/// gives up (nil) on anything else: unknown or repeated keys, fractional numbers, invalid URIs, failures. The caller
/// then decodes with `JSONDecoder`, which also gives the precise error.
struct HotFrameReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    /// The message in `text`, or nil when the fast path does not apply.
    static func message(in text: String) -> ChatMessagePayload? {
        read(text) { reader in
            var message: ChatMessagePayload?
            let header = reader.readFrame(type: "grpchat") { reader, _ in
                message = reader.readMessage()
                return message != nil
            }
            return header == nil ? nil : message
        }
    }

    /// The post in `text` (a client's `grpchat` frame), or nil when the fast path does not apply.
    static func post(in text: String) -> ClientFrame? {
        read(text) { reader in
            var post: PostRequest?
            guard let header = reader.readFrame(type: "grpchat", { reader, _ in
                post = reader.readPost()
                return post != nil
            }), header.command == nil, header.code == nil, let seq = header.seq, let post else { return nil }
            return ClientFrame(seq: seq, command: post)
        }
    }

    static func read<Value>(_ text: String, _ body: (inout HotFrameReader) -> Value?) -> Value? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = HotFrameReader(bytes: bytes)
            guard let value = body(&reader) else { return nil }
            reader.skipWhitespace()
            return reader.position == bytes.count ? value : nil
        }
    }

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// What a frame says besides its data.
    struct Header {
        var seq: Int?
        var command: String?
        var code: Int64?
    }

    /// Reads a frame of `type` and version 1 whose `data` `readData` takes (given the header read so far); nil for
    /// any other frame.
    mutating func readFrame(type expected: String, _ readData: (inout HotFrameReader, Header) -> Bool) -> Header? {
        var version: Int64?
        var type: String?
        var header = Header()
        var hasData = false
        let complete = readObject { reader, key in
            switch key {
            case "v": version = reader.readInteger()
            case "type":
                type = reader.readString()
                return type == expected
            case "seq": header.seq = reader.readInteger().flatMap { Int(exactly: $0) }
            case "cmd": header.command = reader.readString()
            case "code": header.code = reader.readInteger()
            case "data":
                hasData = readData(&reader, header)
                return hasData
            default: return false
            }
            return true
        }
        guard complete, hasData, version == Int64(ProtocolLimits.version), type == expected else { return nil }
        return header
    }

    mutating func readPostReply() -> PostReply? {
        var messageId: Int64?, timestamp: Int64?, duplicate: Bool?
        let complete = readObject { reader, key in
            switch key {
            case "messageId": messageId = reader.readInteger()
            case "timestamp": timestamp = reader.readInteger()
            case "duplicate": duplicate = reader.readBool()
            default: return false
            }
            return true
        }
        guard complete, let messageId, let timestamp, let duplicate else { return nil }
        return PostReply(messageId: messageId, timestamp: timestamp, duplicate: duplicate)
    }

    private mutating func readPost() -> PostRequest? {
        var post = PostFields()
        let complete = readObject { reader, key in post.read(key, from: &reader) ?? false }
        guard complete, let room = post.room, let text = post.text, let alert = post.alert else { return nil }
        return PostRequest(room: room, clientMessageId: post.clientMessageId, text: text, alert: alert, storyTitle: post.storyTitle)
    }

    mutating func readMessage() -> ChatMessagePayload? {
        var id: Int64?, ts: Int64?, author: SIPURI?, roomName: String?
        var parts: [MessagePartPayload]?
        var post = PostFields()
        let complete = readObject { reader, key in
            switch key {
            case "id": id = reader.readInteger()
            case "ts": ts = reader.readInteger()
            case "author": author = reader.readString().flatMap(SIPURI.init)
            case "roomName": roomName = reader.readString()
            case "parts":
                // Formatted parts are rare and nested: their bytes go to `JSONDecoder`.
                guard let decoded = reader.decodeValue([MessagePartPayload].self) else { return false }
                parts = decoded
            default: return post.read(key, from: &reader) ?? false
            }
            // A value that did not read stays nil, so the guard below leaves the frame to the decoder.
            return true
        }
        guard complete, let id, let ts, let author, let roomName,
              let room = post.room, let text = post.text, let alert = post.alert else { return nil }
        return ChatMessagePayload(id: id, room: room, roomName: roomName, author: author, text: text, alert: alert, ts: ts,
                                  clientMessageId: post.clientMessageId, storyTitle: post.storyTitle, parts: parts)
    }
}

/// The fields a post and the message made of it share.
private struct PostFields {
    var room: ChatRoomURI?
    var text: String?
    var alert: Bool?
    var clientMessageId: String?
    var storyTitle: String?

    /// Reads the value of `key` when it is one of these fields: true when read, false when its value does not read as
    /// a string or null (optional fields), nil for another key. A required value that does not read stays nil.
    mutating func read(_ key: String, from reader: inout HotFrameReader) -> Bool? {
        switch key {
        case "room": room = reader.readString().flatMap(ChatRoomURI.init)
        case "text": text = reader.readString()
        case "alert": alert = reader.readBool()
        case "clientMessageId":
            guard let value = reader.readOptionalString() else { return false }
            clientMessageId = value
        case "storyTitle":
            guard let value = reader.readOptionalString() else { return false }
            storyTitle = value
        default: return nil
        }
        return true
    }
}
