/// Reads the frames of the post path in one pass over their bytes: the `grpchat` message every member receives,
/// the poster's acknowledgement (client side) and the post itself (server side).
///
/// It handles the flat shapes ``HotFrames`` and `JSONEncoder` write (any key order, any whitespace, every JSON string
/// escape) and gives up (nil) on anything else: formatted parts, unknown keys, fractional numbers, invalid URIs,
/// failures. The caller then decodes with `JSONDecoder`, which also gives the precise error.
struct HotFrameReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    /// The message in `text`, or nil when the fast path does not apply.
    static func message(in text: String) -> ChatMessagePayload? {
        read(text) { reader in
            var message: ChatMessagePayload?
            let header = reader.readFrame(type: "grpchat") { reader in
                message = reader.readMessage()
                return message != nil
            }
            return header == nil ? nil : message
        }
    }

    /// The successful reply to a post in `text`, or nil when the fast path does not apply.
    static func postReply(in text: String) -> (seq: Int, reply: PostReply)? {
        read(text) { reader in
            var reply: PostReply?
            guard let header = reader.readFrame(type: "rpl", { reader in
                reply = reader.readPostReply()
                return reply != nil
            }), header.command == PostRequest.name, header.code == 200, let seq = header.seq, let reply else { return nil }
            return (seq, reply)
        }
    }

    /// The post in `text` (a client's `grpchat` frame), or nil when the fast path does not apply.
    static func post(in text: String) -> ClientFrame? {
        read(text) { reader in
            var post: PostRequest?
            guard let header = reader.readFrame(type: "grpchat", { reader in
                post = reader.readPost()
                return post != nil
            }), header.command == nil, header.code == nil, let seq = header.seq, let post else { return nil }
            return ClientFrame(seq: seq, command: post)
        }
    }

    private static func read<Value>(_ text: String, _ body: (inout HotFrameReader) -> Value?) -> Value? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = HotFrameReader(bytes: bytes)
            guard let value = body(&reader) else { return nil }
            reader.skipWhitespace()
            return reader.position == bytes.count ? value : nil
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// What a frame says besides its data.
    private struct Header {
        var seq: Int?
        var command: String?
        var code: Int64?
    }

    /// Reads a frame of `type` and version 1 whose `data` `readData` takes; nil for any other frame.
    private mutating func readFrame(type expected: String, _ readData: (inout HotFrameReader) -> Bool) -> Header? {
        var version: Int64?
        var type: String?
        var header = Header()
        var hasData = false
        let complete = readObject { reader, key in
            switch key {
            case "v": version = reader.readInteger()
            case "type": type = reader.readString()
            case "seq": header.seq = reader.readInteger().flatMap { Int(exactly: $0) }
            case "cmd": header.command = reader.readString()
            case "code": header.code = reader.readInteger()
            case "data":
                hasData = readData(&reader)
                return hasData
            default: return false
            }
            return true
        }
        guard complete, hasData, version == Int64(ProtocolLimits.version), type == expected else { return nil }
        return header
    }

    private mutating func readPostReply() -> PostReply? {
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
        var room: ChatRoomURI?, text: String?, alert: Bool?
        var clientMessageId: String?, storyTitle: String?
        let complete = readObject { reader, key in
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
            default: return false
            }
            return true
        }
        guard complete, let room, let text, let alert else { return nil }
        return PostRequest(room: room, clientMessageId: clientMessageId, text: text, alert: alert, storyTitle: storyTitle)
    }

    private mutating func readMessage() -> ChatMessagePayload? {
        var id: Int64?, ts: Int64?, alert: Bool?
        var room: ChatRoomURI?, author: SIPURI?
        var roomName: String?, text: String?
        var clientMessageId: String?, storyTitle: String?
        let complete = readObject { reader, key in
            switch key {
            case "id": id = reader.readInteger()
            case "ts": ts = reader.readInteger()
            case "alert": alert = reader.readBool()
            case "room": room = reader.readString().flatMap(ChatRoomURI.init)
            case "author": author = reader.readString().flatMap(SIPURI.init)
            case "roomName": roomName = reader.readString()
            case "text": text = reader.readString()
            case "clientMessageId":
                guard let value = reader.readOptionalString() else { return false }
                clientMessageId = value
            case "storyTitle":
                guard let value = reader.readOptionalString() else { return false }
                storyTitle = value
            default: return false
            }
            // A value that did not read stays nil, so the guard below leaves the frame to the decoder.
            return true
        }
        guard complete, let id, let ts, let alert, let room, let author, let roomName, let text else { return nil }
        return ChatMessagePayload(id: id, room: room, roomName: roomName, author: author, text: text, alert: alert, ts: ts,
                                  clientMessageId: clientMessageId, storyTitle: storyTitle)
    }

    /// Reads `{ "key": value, … }`; `field` reads each value and returns false for a key it does not take.
    private mutating func readObject(_ field: (inout HotFrameReader, String) -> Bool) -> Bool {
        skipWhitespace()
        guard take(UInt8(ascii: "{")) else { return false }
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return true }
        while true {
            skipWhitespace()
            guard let key = readString() else { return false }
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipWhitespace()
            guard field(&self, key) else { return false }
            skipWhitespace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}"))
        }
    }

    private mutating func readInteger() -> Int64? {
        var negative = false
        if take(UInt8(ascii: "-")) { negative = true }
        // JSON allows no leading zeros ("01"); such text is left to the decoder, which refuses it.
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "0"),
           bytes[position + 1] >= UInt8(ascii: "0"), bytes[position + 1] <= UInt8(ascii: "9") { return nil }
        var value: Int64 = 0
        var digits = 0
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(bytes[position] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            digits += 1
            position += 1
        }
        // A fraction or an exponent is not an integer for this reader.
        if position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        return digits == 0 ? nil : (negative ? -value : value)
    }

    private mutating func readBool() -> Bool? {
        if takeLiteral("true") { return true }
        if takeLiteral("false") { return false }
        return nil
    }

    /// A string, or `.some(nil)` for `null`, or nil when neither is there.
    private mutating func readOptionalString() -> String?? {
        if takeLiteral("null") { return .some(nil) }
        return readString().map { .some($0) }
    }

    private mutating func readString() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                defer { position += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            case UInt8(ascii: "\\"):
                position = start
                return readEscapedString()
            case 0..<0x20:
                return nil
            default:
                position += 1
            }
        }
        return nil
    }

    /// The slow half of `readString`, for strings with escapes; `position` is just after the opening quote.
    private mutating func readEscapedString() -> String? {
        var out: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = readUnicodeEscape() else { return nil }
                    out += Array(String(Character(scalar)).utf8)
                default: return nil
                }
            case 0..<0x20:
                return nil
            default:
                out.append(byte)
            }
        }
        return nil
    }

    /// `XXXX` after `\u`, with a following `\uXXXX` low surrogate when the first is a high one.
    private mutating func readUnicodeEscape() -> Unicode.Scalar? {
        guard let first = readHex4() else { return nil }
        if (0xD800...0xDBFF).contains(first) {
            guard takeLiteral("\\u"), let second = readHex4(), (0xDC00...0xDFFF).contains(second) else { return nil }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        }
        return Unicode.Scalar(first)
    }

    private mutating func readHex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func takeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] { return false }
        position += count
        return true
    }
}
