import Foundation

/// Decoding of Active Directory `objectGUID` values.
enum ObjectGUID {
    /// Decodes 16 raw bytes in AD order (first three fields little-endian) or a textual UUID (braces allowed).
    static func decode(_ value: LDIFValue) -> UUID? {
        if value.wasBase64, value.bytes.count == 16 {
            return fromActiveDirectoryBytes(value.bytes)
        }
        guard var text = value.text?.trimmingCharacters(in: .whitespaces) else { return nil }
        if text.hasPrefix("{"), text.hasSuffix("}") { text = String(text.dropFirst().dropLast()) }
        return UUID(uuidString: text)
    }

    /// Converts AD (mixed-endian) GUID bytes to a UUID.
    static func fromActiveDirectoryBytes(_ b: [UInt8]) -> UUID? {
        guard b.count == 16 else { return nil }
        return UUID(uuid: (b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6],
                           b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
