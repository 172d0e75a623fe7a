/// One attribute value from an LDIF record.
public struct LDIFValue: Sendable, Hashable {
    /// The raw value bytes (decoded when the value was given with `::`).
    public let bytes: [UInt8]
    /// The value as text; `nil` only for binary attributes whose bytes are not UTF-8.
    public let text: String?
    /// Whether the value was written base64-encoded (`attr:: …`).
    public let wasBase64: Bool

    /// Creates a value from its bytes, decoding them as UTF-8 when valid.
    public init(bytes: [UInt8], wasBase64: Bool) {
        self.bytes = bytes
        self.text = UTF8Text.decode(bytes)
        self.wasBase64 = wasBase64
    }
}

/// Strict UTF-8 decoding helper.
enum UTF8Text {
    /// The bytes as a string, or `nil` if they are not valid UTF-8.
    static func decode(_ bytes: [UInt8]) -> String? {
        let string = String(decoding: bytes, as: UTF8.self)
        return Array(string.utf8) == bytes ? string : nil
    }
}
