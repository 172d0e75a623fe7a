import Foundation

/// Arrays, and values passed over without being read: their bytes are cut out for `JSONDecoder`, which checks them.
extension HotFrameReader {
    /// Nesting deeper than this is left to the decoder (which has its own limit).
    static let maximumDepth = 64

    /// Reads `[ element, … ]`; `element` reads one element and returns false when it does not take it.
    mutating func readArray(_ element: (inout HotFrameReader) -> Bool) -> Bool {
        skipWhitespace()
        guard take(UInt8(ascii: "[")) else { return false }
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return true }
        while true {
            skipWhitespace()
            guard element(&self) else { return false }
            skipWhitespace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "]"))
        }
    }

    /// Decodes the value here with `JSONDecoder`, from its bytes alone; nil when it does not decode as `type`.
    mutating func decodeValue<Value: Decodable>(_ type: Value.Type) -> Value? {
        let start = position
        guard skipValue() else { return nil }
        return try? JSONDecoder().decode(type, from: Data(UnsafeBufferPointer(rebasing: bytes[start..<position])))
    }

    /// Moves past one JSON value, checking only its structure (brackets, string ends, the characters of literals and
    /// numbers); false when the text there is not such a value.
    mutating func skipValue(depth: Int = 0) -> Bool {
        guard depth < Self.maximumDepth else { return false }
        skipWhitespace()
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return true }
            while true {
                skipWhitespace()
                guard skipString() else { return false }
                skipWhitespace()
                guard take(UInt8(ascii: ":")), skipValue(depth: depth + 1) else { return false }
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            return readArray { $0.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "t"):
            return takeLiteral("true")
        case UInt8(ascii: "f"):
            return takeLiteral("false")
        case UInt8(ascii: "n"):
            return takeLiteral("null")
        default:
            return skipNumber()
        }
    }

    /// Moves past a string, checking its escapes as `JSONDecoder` does (a `\u` surrogate must be paired).
    private mutating func skipString() -> Bool {
        guard take(UInt8(ascii: "\"")) else { return false }
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return true
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return false }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    continue
                case UInt8(ascii: "u"):
                    guard readUnicodeEscape() != nil else { return false }
                default:
                    return false
                }
            case 0..<0x20:
                return false
            default:
                continue
            }
        }
        return false
    }

    /// Moves past a number written as JSON writes one: `-`, digits without a leading zero, a fraction, an exponent.
    private mutating func skipNumber() -> Bool {
        _ = take(UInt8(ascii: "-"))
        if take(UInt8(ascii: "0")) {
            if position < bytes.count, isDigit(bytes[position]) { return false }
        } else if !skipDigits() {
            return false
        }
        if take(UInt8(ascii: ".")), !skipDigits() { return false }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            return skipDigits()
        }
        return true
    }

    /// Moves past one or more digits.
    private mutating func skipDigits() -> Bool {
        let start = position
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        return position > start
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
