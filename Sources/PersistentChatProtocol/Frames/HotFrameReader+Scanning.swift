/// The JSON scanning under ``HotFrameReader``: objects, strings with every escape, integers and literals, read in
/// place from the frame's bytes. Each read returns nil when the text is not what it expects.
extension HotFrameReader {
    /// Reads `{ "key": value, … }`; `field` reads each value and returns false for a key it does not take.
    mutating func readObject(_ field: (inout HotFrameReader, String) -> Bool) -> Bool {
        skipWhitespace()
        guard take(UInt8(ascii: "{")) else { return false }
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return true }
        // A repeated key is left to the decoder, whose rule for it (the first wins) this reader does not copy.
        var seen: [String] = []
        while true {
            skipWhitespace()
            guard let key = readString(), !seen.contains(key) else { return false }
            seen.append(key)
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipWhitespace()
            guard field(&self, key) else { return false }
            skipWhitespace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}"))
        }
    }

    mutating func readInteger() -> Int64? {
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

    mutating func readBool() -> Bool? {
        if takeLiteral("true") { return true }
        if takeLiteral("false") { return false }
        return nil
    }

    /// A string, or `.some(nil)` for `null`, or nil when neither is there.
    mutating func readOptionalString() -> String?? {
        if takeLiteral("null") { return .some(nil) }
        return readString().map { .some($0) }
    }

    mutating func readString() -> String? {
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
    mutating func readEscapedString() -> String? {
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
    mutating func readUnicodeEscape() -> Unicode.Scalar? {
        guard let first = readHex4() else { return nil }
        if (0xD800...0xDBFF).contains(first) {
            guard takeLiteral("\\u"), let second = readHex4(), (0xDC00...0xDFFF).contains(second) else { return nil }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        }
        return Unicode.Scalar(first)
    }

    mutating func readHex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexDigitValue(bytes[position]) else { return nil }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func takeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] { return false }
        position += count
        return true
    }
}
