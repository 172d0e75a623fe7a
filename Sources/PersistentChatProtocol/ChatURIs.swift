import Foundation

/// A room address, `ma-chan://DOMAIN/GUID`.
public struct ChatRoomURI: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public let domain: String
    public let id: UUID
    /// The URI as text, made once: every message frame carries it.
    public let description: String

    public init(domain: String, id: UUID) {
        self.domain = domain.lowercased()
        self.id = id
        description = "ma-chan://\(self.domain)/\(id.lowercaseText)"
    }

    /// Equal when domain and GUID are (the text follows from them).
    public static func == (lhs: ChatRoomURI, rhs: ChatRoomURI) -> Bool { lhs.id == rhs.id && lhs.domain == rhs.domain }

    /// Hashes domain and GUID (the text follows from them).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(domain)
        hasher.combine(id)
    }

    /// Parses `ma-chan://DOMAIN/GUID`; nil for anything else.
    public init?(_ string: String) {
        guard let (domain, id) = parseNodeURI(string, scheme: "ma-chan://") else { return nil }
        self.init(domain: domain, id: id)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uri = ChatRoomURI(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a ma-chan:// room URI")
        }
        self = uri
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A category address, `ma-cat://DOMAIN/GUID`.
public struct CategoryURI: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public let domain: String
    public let id: UUID
    /// The URI as text, made once.
    public let description: String

    public init(domain: String, id: UUID) {
        self.domain = domain.lowercased()
        self.id = id
        description = "ma-cat://\(self.domain)/\(id.lowercaseText)"
    }

    /// Equal when domain and GUID are (the text follows from them).
    public static func == (lhs: CategoryURI, rhs: CategoryURI) -> Bool { lhs.id == rhs.id && lhs.domain == rhs.domain }

    /// Hashes domain and GUID (the text follows from them).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(domain)
        hasher.combine(id)
    }

    /// Parses `ma-cat://DOMAIN/GUID`; nil for anything else.
    public init?(_ string: String) {
        guard let (domain, id) = parseNodeURI(string, scheme: "ma-cat://") else { return nil }
        self.init(domain: domain, id: id)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uri = CategoryURI(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a ma-cat:// category URI")
        }
        self = uri
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

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

/// Splits `SCHEME DOMAIN/GUID` into its domain and GUID.
private func parseNodeURI(_ string: String, scheme: String) -> (String, UUID)? {
    guard let rest = string.strippingScheme(scheme) else { return nil }
    // DOMAIN/GUID: split at the last slash; the GUID part has none and the domain must not either.
    guard let slash = rest.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
    let domain = rest[..<slash]
    let guid = rest[rest.utf8.index(after: slash)...]
    guard !domain.isEmpty, !domain.utf8.contains(UInt8(ascii: "/")), let id = parseUUID(guid) else { return nil }
    return (String(domain), id)
}

extension String {
    /// The text after `scheme` (ASCII, lower case), matched without regard to case; nil when it does not start so.
    func strippingScheme(_ scheme: String) -> Substring? {
        var bytes = utf8.makeIterator()
        for expected in scheme.utf8 {
            guard let byte = bytes.next(), byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0) == expected else { return nil }
        }
        return self[utf8.index(startIndex, offsetBy: scheme.utf8.count)...]
    }
}
