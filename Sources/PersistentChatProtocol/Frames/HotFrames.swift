import Foundation

/// Hand-written JSON for the frames every post produces (the client's post, the message every room member receives
/// and the poster's acknowledgement) and for the replies that carry many messages (history pages, searches, joins).
/// Foundation's `JSONEncoder` builds a tree of boxed values per frame and was a fifth of the server's CPU while
/// ingesting, and most of a cross-room search's time; these write the same JSON (same keys in the same order, nil
/// fields left out) straight to bytes. Any decoder of ``ServerFrame`` reads them unchanged.
public enum HotFrames {
    /// A `grpchat` frame carrying `message` (a formatted message's parts go through `JSONEncoder`), or nil when the
    /// parts cannot be encoded.
    public static func message(_ message: ChatMessagePayload) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(message.text.utf8.count + message.roomName.utf8.count + 220)
        out += #"{"v":\#(ProtocolLimits.version),"type":"grpchat","data":"#.utf8
        guard appendMessage(message, to: &out) else { return nil }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends `message` as the JSON object `JSONEncoder` writes for it; false when its parts cannot be encoded.
    static func appendMessage(_ message: ChatMessagePayload, to out: inout [UInt8]) -> Bool {
        out += #"{"id":\#(message.id),"room":"#.utf8
        appendString(message.room.description, to: &out)
        out += #","roomName":"#.utf8
        appendString(message.roomName, to: &out)
        out += #","author":"#.utf8
        appendString(message.author.value, to: &out)
        out += #","text":"#.utf8
        appendString(message.text, to: &out)
        out += #","alert":\#(message.alert),"ts":\#(message.ts)"#.utf8
        appendField("clientMessageId", message.clientMessageId, to: &out)
        appendField("storyTitle", message.storyTitle, to: &out)
        if let parts = message.parts {
            guard let json = try? JSONEncoder().encode(parts) else { return false }
            out += #","parts":"#.utf8
            out += json
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// A client's post frame (`grpchat` with `seq`), or nil for a formatted post (parts go through `JSONEncoder`).
    public static func post(seq: Int, _ request: PostRequest) -> [UInt8]? {
        guard request.parts == nil else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(request.text.utf8.count + 160)
        out += #"{"v":\#(ProtocolLimits.version),"seq":\#(seq),"type":"grpchat","data":{"room":"#.utf8
        appendString(request.room.description, to: &out)
        appendField("clientMessageId", request.clientMessageId, to: &out)
        out += #","text":"#.utf8
        appendString(request.text, to: &out)
        out += #","alert":\#(request.alert)"#.utf8
        appendField("storyTitle", request.storyTitle, to: &out)
        out += "}}".utf8
        return out
    }

    /// The successful reply to a post.
    public static func postReply(seq: Int, _ reply: PostReply) -> [UInt8] {
        Array(#"{"v":\#(ProtocolLimits.version),"type":"rpl","seq":\#(seq),"cmd":"\#(PostRequest.name)","code":200,"data":{"messageId":\#(reply.messageId),"timestamp":\#(reply.timestamp),"duplicate":\#(reply.duplicate)}}"#.utf8)
    }

    /// Appends `,"key":"value"` for a value that is there; nothing for nil (as `JSONEncoder` leaves nil fields out).
    static func appendField(_ key: StaticString, _ value: String?, to out: inout [UInt8]) {
        guard let value else { return }
        out += #",""#.utf8
        out += UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        out += #"":"#.utf8
        appendString(value, to: &out)
    }

    /// Appends `text` as a JSON string: quoted, with `"`, `\` and control characters escaped.
    ///
    /// Runs of bytes that need no escape (nearly all of a chat message) are copied in one append each.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if runStart < index { out += UnsafeBufferPointer(rebasing: bytes[runStart..<index]) }
                appendEscape(byte, to: &out)
                runStart = index + 1
            }
            if runStart < bytes.count { out += UnsafeBufferPointer(rebasing: bytes[runStart...]) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the JSON escape of a quote, a backslash or a control character.
    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out += #"\""#.utf8
        case UInt8(ascii: "\\"): out += #"\\"#.utf8
        case UInt8(ascii: "\n"): out += #"\n"#.utf8
        case UInt8(ascii: "\r"): out += #"\r"#.utf8
        case UInt8(ascii: "\t"): out += #"\t"#.utf8
        default:
            out += #"\u00"#.utf8
            out.append(hexDigit(byte >> 4))
            out.append(hexDigit(byte & 0x0F))
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
