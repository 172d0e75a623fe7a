import Foundation

/// Parses one unfolded `attribute: value` line.
enum LDIFLineParser {
    /// Attributes whose values may be binary (non-UTF-8) when base64-encoded.
    static let binaryAttributes: Set<String> = [
        "objectguid", "objectsid", "jpegphoto", "thumbnailphoto", "usercertificate",
        "msexchmailboxguid", "msrtcsip-userroutinggroupid",
    ]

    private static let descriptionCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-;.")

    /// Parses `line` into an attribute, refusing URL values and invalid base64 or UTF-8.
    static func parse(_ line: LDIFLine) throws(LDIFError) -> LDIFAttribute {
        let text = line.text
        guard let colon = text.firstIndex(of: ":") else {
            throw LDIFError(line: line.number, message: "expected 'attribute: value' but the line has no ':'")
        }
        let description = String(text[..<colon])
        let parts = description.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, isValidName(name), parts.dropFirst().allSatisfy({ !$0.isEmpty }),
              description.allSatisfy(descriptionCharacters.contains) else {
            throw LDIFError(line: line.number, message: "invalid attribute description '\(description)'")
        }
        let options = Array(parts.dropFirst())
        let rest = text[text.index(after: colon)...]
        let value: LDIFValue
        if rest.hasPrefix(":") {
            value = try decodeBase64(rest.dropFirst(), name: name, options: options, line: line.number)
        } else if rest.hasPrefix("<") {
            throw LDIFError(line: line.number, message: "URL values ('\(name):<') are not supported")
        } else {
            value = LDIFValue(bytes: Array(rest.drop { $0 == " " }.utf8), wasBase64: false)
        }
        return LDIFAttribute(name: name, options: options, value: value, line: line.number)
    }

    private static func decodeBase64(_ payload: Substring, name: String, options: [String], line: Int) throws(LDIFError) -> LDIFValue {
        let encoded = String(payload).trimmingSpaces()
        guard let data = Data(base64Encoded: encoded) else {
            throw LDIFError(line: line, message: "invalid base64 in value of '\(name)'")
        }
        let value = LDIFValue(bytes: Array(data), wasBase64: true)
        let mayBeBinary = binaryAttributes.contains(name.lowercased()) || options.contains { $0.caseInsensitiveEquals("binary") }
        if value.text == nil, !mayBeBinary {
            throw LDIFError(line: line, message: "base64 value of '\(name)' is not valid UTF-8")
        }
        return value
    }

    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first.isNumber else { return false }
        return !name.contains(";")
    }
}
