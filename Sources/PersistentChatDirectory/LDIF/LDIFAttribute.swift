/// One `attribute: value` line of an LDIF record.
public struct LDIFAttribute: Sendable, Hashable {
    /// The attribute name without options, as written (for example `displayName`).
    public let name: String
    /// Attribute options such as `lang-en` or `binary`, without the `;`.
    public let options: [String]
    /// The value.
    public let value: LDIFValue
    /// The 1-based line where this attribute starts.
    public let line: Int

    /// Creates an attribute.
    public init(name: String, options: [String] = [], value: LDIFValue, line: Int) {
        self.name = name
        self.options = options
        self.value = value
        self.line = line
    }

    /// Whether this attribute has `name`, compared case-insensitively.
    public func hasName(_ other: String) -> Bool {
        name.caseInsensitiveEquals(other)
    }
}

extension String {
    /// ASCII-insensitive equality, suitable for LDAP attribute names.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
