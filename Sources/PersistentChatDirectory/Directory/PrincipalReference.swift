/// A reference to a principal in role or scope lists: a SIP URI or a distinguished name.
public enum PrincipalReference: Hashable, Sendable, CustomStringConvertible {
    /// A lowercased `sip:user@host` URI.
    case sip(String)
    /// A distinguished name of a user, group, OU/container or domain.
    case dn(DistinguishedName)

    /// Parses a `sip:` URI (lowercased) or else a distinguished name.
    public init(parsing text: String) throws(PrincipalReferenceError) {
        let trimmed = text.trimmingSpaces()
        if trimmed.lowercased().hasPrefix("sip:") {
            guard let uri = SIPAddress.normalize(trimmed) else { throw PrincipalReferenceError(text: text, reason: "not a valid sip:user@host URI") }
            self = .sip(uri)
            return
        }
        do throws(DistinguishedNameError) {
            self = .dn(try DistinguishedName(trimmed))
        } catch {
            throw PrincipalReferenceError(text: text, reason: "neither a sip: URI nor a distinguished name (\(error))")
        }
    }

    /// The SIP URI or the DN's normalized string form.
    public var description: String {
        switch self {
        case .sip(let uri): return uri
        case .dn(let dn): return dn.description
        }
    }
}

/// Why a string is not a valid principal reference.
public struct PrincipalReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rejected text.
    public let text: String
    /// Why it was rejected.
    public let reason: String

    /// `'text' is …reason`.
    public var description: String { "invalid principal '\(text)': \(reason)" }
}
