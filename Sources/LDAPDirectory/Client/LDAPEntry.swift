/// An entry as a search returned it: its DN as the server wrote it, and each attribute's values as bytes (names
/// lowercased, since attribute names are case-insensitive).
public struct LDAPEntry: Sendable {
    /// The entry's distinguished name (RFC 4514 string form).
    public let dn: String
    /// Values by lowercased attribute name, in the order the server sent them.
    public let attributes: [String: [[UInt8]]]

    public init(dn: String, attributes: [String: [[UInt8]]]) {
        self.dn = dn
        self.attributes = attributes
    }

    /// The values of `attribute` (any case) as bytes; empty when absent.
    public func values(_ attribute: String) -> [[UInt8]] {
        attributes[attribute.lowercased()] ?? []
    }

    /// The values of `attribute` that are valid UTF-8.
    public func texts(_ attribute: String) -> [String] {
        values(attribute).compactMap { String(validating: $0, as: UTF8.self) }
    }

    /// The first UTF-8 value of `attribute`, if any.
    public func text(_ attribute: String) -> String? {
        texts(attribute).first
    }
}
