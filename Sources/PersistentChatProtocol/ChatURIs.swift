import Foundation

/// A room address, `ma-chan://DOMAIN/GUID`.
public struct ChatRoomURI: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public let domain: String
    public let id: UUID

    public init(domain: String, id: UUID) {
        self.domain = domain.lowercased()
        self.id = id
    }

    /// Parses `ma-chan://DOMAIN/GUID`; nil for anything else.
    public init?(_ string: String) {
        guard let (domain, id) = parseNodeURI(string, scheme: "ma-chan://") else { return nil }
        self.init(domain: domain, id: id)
    }

    public var description: String { "ma-chan://\(domain)/\(id.uuidString.lowercased())" }

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

    public init(domain: String, id: UUID) {
        self.domain = domain.lowercased()
        self.id = id
    }

    /// Parses `ma-cat://DOMAIN/GUID`; nil for anything else.
    public init?(_ string: String) {
        guard let (domain, id) = parseNodeURI(string, scheme: "ma-cat://") else { return nil }
        self.init(domain: domain, id: id)
    }

    public var description: String { "ma-cat://\(domain)/\(id.uuidString.lowercased())" }

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
        let lowered = string.lowercased()
        guard let rest = lowered.strippingScheme("sip:") else { return nil }
        let parts = rest.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !rest.contains(where: { $0.isWhitespace || $0 == "/" }) else { return nil }
        value = lowered
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
    let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, let id = UUID(uuidString: String(parts[1])) else { return nil }
    return (String(parts[0]), id)
}

extension String {
    func strippingScheme(_ scheme: String) -> Substring? {
        guard lowercased().hasPrefix(scheme) else { return nil }
        return dropFirst(scheme.count)
    }
}
