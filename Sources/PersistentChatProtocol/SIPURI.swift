import Foundation

/// A user address, `sip:user@domain`, kept in lower case.
public struct SIPURI: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The whole URI, e.g. `sip:alice@contoso.com`.
    public let value: String

    /// Parses `sip:USER@HOST`; nil when the scheme, user or host is missing or has spaces.
    public init?(_ string: String) {
        guard let value = Self.normalized(string) else { return nil }
        self.value = value
    }

    /// The URI in lower case, or nil when it is not `sip:USER@DOMAIN` without spaces or slashes.
    /// ASCII text (nearly all of it) is checked in one pass over its bytes: every frame carries URIs.
    static func normalized(_ string: String) -> String? {
        var hasUpper = false
        var ats = 0
        var atOffset = -1
        var count = 0
        for byte in string.utf8 {
            if byte >= 0x80 { return normalizedSlowly(string) }
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): hasUpper = true
            case UInt8(ascii: "@"):
                ats += 1
                atOffset = count
            case UInt8(ascii: "/"), UInt8(ascii: " "), 0x09...0x0D: return nil
            default: break
            }
            count += 1
        }
        let lowered = hasUpper ? string.lowercased() : string
        guard lowered.utf8.starts(with: "sip:".utf8), ats == 1, atOffset > 4, atOffset < count - 1 else { return nil }
        return lowered
    }

    /// The general rule, for text that is not ASCII.
    static func normalizedSlowly(_ string: String) -> String? {
        let lowered = string.lowercased()
        guard let rest = lowered.strippingScheme("sip:") else { return nil }
        let parts = rest.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !rest.contains(where: { $0.isWhitespace || $0 == "/" }) else { return nil }
        return lowered
    }

    /// The part after `@`.
    public var domain: String { String(value.split(separator: "@").last ?? "") }
    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uri = SIPURI(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a sip: URI")
        }
        self = uri
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
