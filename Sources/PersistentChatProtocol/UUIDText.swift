import Foundation

/// GUIDs as text, both ways, by hand: every message frame carries a room URI, and Foundation formats GUIDs with
/// `snprintf` and reads them with `sscanf`.
extension UUID {
    /// The GUID in lower case, e.g. `11111111-2222-3333-4444-555555555555` (what `uuidString.lowercased()` gives).
    package var lowercaseText: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var index = 0
                for (offset, byte) in bytes.enumerated() {
                    if offset == 4 || offset == 6 || offset == 8 || offset == 10 {
                        out[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    out[index] = digits[Int(byte >> 4)]
                    out[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }
}

/// `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX` in hexadecimal digits of either case, as `UUID(uuidString:)` takes it,
/// read in one pass (Foundation's parser goes through `sscanf`, and every message frame carries a room URI).
func parseUUID(_ text: Substring) -> UUID? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(16)
    var high: UInt8?
    var count = 0
    for byte in text.utf8 {
        defer { count += 1 }
        if count == 8 || count == 13 || count == 18 || count == 23 {
            guard byte == UInt8(ascii: "-") else { return nil }
            continue
        }
        guard let digit = hexDigitValue(byte) else { return nil }
        if let first = high {
            bytes.append(first << 4 | digit)
            high = nil
        } else {
            high = digit
        }
    }
    guard count == 36, bytes.count == 16 else { return nil }
    return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                       bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
}

/// The value of an ASCII hexadecimal digit of either case; nil for any other byte.
func hexDigitValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
