/// Parses the RFC 4514 string form of a distinguished name into RDNs.
struct DistinguishedNameParser {
    private let bytes: [UInt8]
    private var index = 0

    private static let comma = UInt8(ascii: ",")
    private static let equals = UInt8(ascii: "=")
    private static let plus = UInt8(ascii: "+")
    private static let space = UInt8(ascii: " ")
    private static let backslash = UInt8(ascii: "\\")
    private static let escapable: Set<UInt8> = Set(" #=,+\"\\<>;".utf8)
    private static let mustEscape: Set<UInt8> = Set("\"<>;".utf8)

    init(_ string: String) {
        bytes = Array(string.utf8)
    }

    /// Parses the whole input.
    mutating func parse() throws(DistinguishedNameError) -> [RelativeDistinguishedName] {
        guard bytes.contains(where: { $0 != Self.space }) else { throw .empty }
        var rdns: [RelativeDistinguishedName] = []
        while true {
            rdns.append(try parseComponent())
            guard index < bytes.count else { break }
            index += 1  // the ','
            guard bytes[index...].contains(where: { $0 != Self.space }) else { throw .emptyComponent }
        }
        return rdns
    }

    private mutating func parseComponent() throws(DistinguishedNameError) -> RelativeDistinguishedName {
        let type = try parseType()
        skipSpaces()
        if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
            throw .hexValueNotSupported(attributeType: type)
        }
        let start = index
        var value: [UInt8] = []
        var significantCount = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.comma { break }
            if byte == Self.plus {
                throw .multiValuedRDN(component: textUntilComma(from: start))
            }
            if byte == Self.backslash {
                value.append(try parseEscape())
                significantCount = value.count
                continue
            }
            if Self.mustEscape.contains(byte) {
                throw .unescapedCharacter(Character(Unicode.Scalar(byte)))
            }
            value.append(byte)
            if byte != Self.space { significantCount = value.count }
            index += 1
        }
        let trimmed = Array(value[..<significantCount])
        guard !trimmed.isEmpty else { throw .emptyValue(attributeType: type) }
        let decoded = String(decoding: trimmed, as: UTF8.self)
        guard Array(decoded.utf8) == trimmed else { throw .invalidUTF8(attributeType: type) }
        return RelativeDistinguishedName(type: type, value: decoded)
    }

    private mutating func parseType() throws(DistinguishedNameError) -> String {
        let start = index
        while index < bytes.count, bytes[index] != Self.equals, bytes[index] != Self.comma {
            index += 1
        }
        let raw = String(decoding: bytes[start..<index], as: UTF8.self)
        let type = raw.trimmingSpaces()
        guard index < bytes.count, bytes[index] == Self.equals else {
            if type.isEmpty { throw .emptyComponent }
            throw .missingEquals(component: type)
        }
        guard Self.isValidType(type) else { throw .invalidAttributeType(type) }
        index += 1
        return type.lowercased()
    }

    private mutating func parseEscape() throws(DistinguishedNameError) -> UInt8 {
        guard index + 1 < bytes.count else { throw .badEscape("'\\' at end of input") }
        let next = bytes[index + 1]
        if Self.escapable.contains(next) {
            index += 2
            return next
        }
        if let high = Self.hexValue(next), index + 2 < bytes.count, let low = Self.hexValue(bytes[index + 2]) {
            index += 3
            return high << 4 | low
        }
        let shown = String(decoding: bytes[index..<min(index + 3, bytes.count)], as: UTF8.self)
        throw .badEscape("'\(shown)'")
    }

    private mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == Self.space { index += 1 }
    }

    private func textUntilComma(from start: Int) -> String {
        var end = start
        while end < bytes.count, bytes[end] != Self.comma { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// A keystring (`ALPHA *(ALPHA / DIGIT / "-")`) or a numeric OID.
    static func isValidType(_ type: String) -> Bool {
        guard let first = type.unicodeScalars.first, first.isASCII else { return false }
        if first.properties.isAlphabetic {
            return type.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }
        let arcs = type.split(separator: ".", omittingEmptySubsequences: false)
        return arcs.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }),
              let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[first...last])
    }
}
