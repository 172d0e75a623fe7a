/// One `type=value` component of a distinguished name.
///
/// Equality and hashing ignore case in both type and value, as Active Directory does.
public struct RelativeDistinguishedName: Hashable, Sendable, CustomStringConvertible {
    /// The attribute type, lowercased (for example `cn`, `ou`, `dc`).
    public let type: String
    /// The unescaped attribute value, with its original case.
    public let value: String
    private let foldedValue: String

    init(type: String, value: String) {
        self.type = type.lowercased()
        self.value = value
        self.foldedValue = value.lowercased()
    }

    /// Whether this component has the given type and (case-insensitively) value.
    public func matches(type: String, value: String) -> Bool {
        self.type == type.lowercased() && foldedValue == value.lowercased()
    }

    /// The component in RFC 4514 form with an uppercased type, for example `CN=Alice\, Jr.`.
    public var description: String {
        "\(type.uppercased())=\(DistinguishedNameEscaping.escape(value))"
    }

    /// Equal when types match and values match ignoring case.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.type == rhs.type && lhs.foldedValue == rhs.foldedValue
    }

    /// Hashes the type and the case-folded value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(foldedValue)
    }
}
