/// Escapes attribute values for the RFC 4514 string form.
enum DistinguishedNameEscaping {
    private static let specials: Set<Character> = [",", "+", "\"", "\\", "<", ">", ";"]

    /// Returns `value` with the characters RFC 4514 requires escaped.
    static func escape(_ value: String) -> String {
        var result = ""
        let characters = Array(value)
        for (index, character) in characters.enumerated() {
            let isFirst = index == 0
            let isLast = index == characters.count - 1
            if specials.contains(character)
                || (isFirst && (character == "#" || character == " "))
                || (isLast && character == " ") {
                result.append("\\")
                result.append(character)
            } else if let ascii = character.asciiValue, ascii < 0x20 || ascii == 0x7F {
                result += "\\" + hexPair(ascii)
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func hexPair(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
