/// An RFC 4514 distinguished name such as `CN=Alice Smith,OU=Staff,DC=contoso,DC=com`.
///
/// Types and values compare case-insensitively, as in Active Directory.
public struct DistinguishedName: Hashable, Sendable, CustomStringConvertible {
    /// The components, most specific first.
    public let rdns: [RelativeDistinguishedName]

    /// Parses the RFC 4514 string form.
    ///
    /// Multi-valued RDNs (`+`), `#` hex values and quoted values are refused.
    public init(_ string: String) throws(DistinguishedNameError) {
        var parser = DistinguishedNameParser(string)
        rdns = try parser.parse()
    }

    init(rdns: [RelativeDistinguishedName]) {
        self.rdns = rdns
    }

    /// The name without its first component, or `nil` for a single-component name.
    public var parent: DistinguishedName? {
        rdns.count > 1 ? DistinguishedName(rdns: Array(rdns.dropFirst())) : nil
    }

    /// Whether this name lies strictly below `ancestor`.
    public func isDescendant(of ancestor: DistinguishedName) -> Bool {
        rdns.count > ancestor.rdns.count && rdns.suffix(ancestor.rdns.count).elementsEqual(ancestor.rdns)
    }

    /// Whether this name equals `ancestor` or lies below it.
    public func isWithinOrEqual(to ancestor: DistinguishedName) -> Bool {
        self == ancestor || isDescendant(of: ancestor)
    }

    /// The values of the trailing `DC=` components, in order (for example `["contoso", "com"]`).
    public var domainComponents: [String] {
        Array(rdns.reversed().prefix { $0.type == "dc" }.reversed().map(\.value))
    }

    /// The DNS domain named by the trailing `DC=` components, lowercased; `nil` if there are none.
    public var domainName: String? {
        let components = domainComponents
        return components.isEmpty ? nil : components.joined(separator: ".").lowercased()
    }

    /// Whether this is `CN=Configuration,DC=…` or an object below it.
    public var isInConfigurationPartition: Bool {
        let dcCount = domainComponents.count
        guard dcCount > 0, rdns.count > dcCount else { return false }
        return rdns[rdns.count - dcCount - 1].matches(type: "cn", value: "Configuration")
    }

    /// The normalized string form: uppercased types, no spaces around separators, minimal escaping.
    public var description: String {
        rdns.map(\.description).joined(separator: ",")
    }
}
