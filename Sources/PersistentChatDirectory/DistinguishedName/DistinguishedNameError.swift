/// Why a string could not be parsed as an RFC 4514 distinguished name.
public enum DistinguishedNameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The string is empty or only whitespace.
    case empty
    /// A component between commas is empty (for example `CN=a,,DC=b` or a trailing comma).
    case emptyComponent
    /// A component has no `=` separating type and value.
    case missingEquals(component: String)
    /// The attribute type is not a keystring (`cn`) or numeric OID (`2.5.4.3`).
    case invalidAttributeType(String)
    /// The attribute value is empty.
    case emptyValue(attributeType: String)
    /// A backslash escape is incomplete or not one RFC 4514 allows.
    case badEscape(String)
    /// A character that must be escaped appears unescaped in a value.
    case unescapedCharacter(Character)
    /// A multi-valued RDN (`CN=a+UID=b`) was given; these are not supported.
    case multiValuedRDN(component: String)
    /// A `#`-prefixed BER hex value was given; these are not supported.
    case hexValueNotSupported(attributeType: String)
    /// Hex-pair escapes in a value do not form valid UTF-8.
    case invalidUTF8(attributeType: String)

    /// A human-readable explanation.
    public var description: String {
        switch self {
        case .empty:
            return "distinguished name is empty"
        case .emptyComponent:
            return "distinguished name has an empty component (doubled or trailing ',')"
        case .missingEquals(let component):
            return "missing '=' in distinguished name component '\(component)'"
        case .invalidAttributeType(let type):
            return "invalid attribute type '\(type)' in distinguished name"
        case .emptyValue(let type):
            return "empty value for '\(type)' in distinguished name"
        case .badEscape(let escape):
            return "bad escape \(escape) in distinguished name"
        case .unescapedCharacter(let character):
            return "character '\(character)' must be escaped with '\\' in a distinguished name value"
        case .multiValuedRDN(let component):
            return "multi-valued RDN '\(component)' is not supported (escape '+' as '\\+' if it is part of the value)"
        case .hexValueNotSupported(let type):
            return "'#' hex-encoded value for '\(type)' is not supported (escape a literal '#' as '\\#')"
        case .invalidUTF8(let type):
            return "escaped bytes in the value of '\(type)' are not valid UTF-8"
        }
    }
}
