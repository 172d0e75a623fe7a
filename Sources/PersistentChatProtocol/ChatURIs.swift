import Foundation

/// What a node URI addresses: its scheme, and what it is called in errors.
public protocol ChatURIKind: Sendable {
    /// The scheme with its `://`, in lower case, e.g. `ma-chan://`.
    static var scheme: String { get }
    /// What a URI of this kind addresses, e.g. `room`.
    static var noun: String { get }
}

/// Rooms: `ma-chan://`.
public enum RoomURIKind: ChatURIKind {
    public static var scheme: String { "ma-chan://" }
    public static var noun: String { "room" }
}

/// Categories: `ma-cat://`.
public enum CategoryURIKind: ChatURIKind {
    public static var scheme: String { "ma-cat://" }
    public static var noun: String { "category" }
}

/// A room address, `ma-chan://DOMAIN/GUID`.
public typealias ChatRoomURI = ChatURI<RoomURIKind>

/// A category address, `ma-cat://DOMAIN/GUID`.
public typealias CategoryURI = ChatURI<CategoryURIKind>

/// A node's address, `SCHEME://DOMAIN/GUID`, the scheme given by `Kind`; the domain is kept in lower case.
public struct ChatURI<Kind: ChatURIKind>: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public let domain: String
    public let id: UUID
    /// The URI as text, made once: every message frame carries a room's.
    public let description: String

    public init(domain: String, id: UUID) {
        self.domain = domain.lowercased()
        self.id = id
        description = Kind.scheme + self.domain + "/" + id.lowercaseText
    }

    /// Equal when domain and GUID are (the text follows from them).
    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id && lhs.domain == rhs.domain }

    /// Hashes domain and GUID (the text follows from them).
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(domain)
        hasher.combine(id)
    }

    /// Parses `SCHEME://DOMAIN/GUID` (the scheme in any case); nil for anything else.
    public init?(_ string: String) {
        guard let (domain, id) = parseNodeURI(string, scheme: Kind.scheme) else { return nil }
        self.init(domain: domain, id: id)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uri = Self(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a \(Kind.scheme) \(Kind.noun) URI")
        }
        self = uri
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
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
