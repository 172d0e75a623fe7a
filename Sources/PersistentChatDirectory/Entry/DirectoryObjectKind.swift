/// The kind of directory object, derived from its `objectClass` values.
public enum DirectoryObjectKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// An AD user (`objectClass: user`, excluding computers).
    case user
    /// A contact (`objectClass: contact`); trusted application endpoints are stored as contacts.
    case contact
    /// A group (`objectClass: group`).
    case group
    /// An organizational unit or container (`organizationalUnit` or `container`).
    case organizationalUnit
    /// A domain root (`domain` or `domainDNS`).
    case domain
    /// Anything else, including computer accounts.
    case other

    /// Classifies an object by its `objectClass` values (case-insensitive).
    public init(objectClasses: [String]) {
        let classes = Set(objectClasses.map { $0.lowercased() })
        if classes.contains("computer") {
            self = .other
        } else if classes.contains("contact") {
            self = .contact
        } else if classes.contains("user") {
            self = .user
        } else if classes.contains("group") {
            self = .group
        } else if classes.contains("organizationalunit") || classes.contains("container") {
            self = .organizationalUnit
        } else if classes.contains("domain") || classes.contains("domaindns") {
            self = .domain
        } else {
            self = .other
        }
    }

    /// The raw name, for example `organizationalUnit`.
    public var description: String { rawValue }
}
