/// Why a SIP URI and password were refused as a Persistent Chat identity.
public enum IdentityRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The string is not a `sip:user@host` URI.
    case invalidURI(String)
    /// No entry has this SIP address.
    case unknownURI(String)
    /// The entry is a contact (how trusted application endpoints are stored).
    case contactObject(String)
    /// The entry is in the Configuration partition.
    case configurationPartition(String)
    /// The entry is not a user (a group, OU, etc.).
    case notAUser(String, DirectoryObjectKind)
    /// The entry's DN has no `DC=` components.
    case notInDomain(String)
    /// The password is wrong, or no usable password hash is stored.
    case wrongPassword(String)
    /// `msRTCSIP-UserEnabled` is not TRUE.
    case userDisabled(String)
    /// `userAccountControl` has the ACCOUNTDISABLE bit: the account is disabled in the domain.
    case accountDisabled(String)
    /// The entry lies outside the directory's base DN (the domain naming context pchatd serves).
    case outsideBase(String, base: DistinguishedName)
    /// The directory server could not be reached or did not answer in time; nothing was decided about the identity.
    case directoryUnavailable(String)

    /// A stable machine-readable code such as `identity.wrongPassword`.
    public var code: String {
        switch self {
        case .invalidURI: return "identity.invalidURI"
        case .unknownURI: return "identity.unknownURI"
        case .contactObject: return "identity.contactObject"
        case .configurationPartition: return "identity.configurationPartition"
        case .notAUser: return "identity.notAUser"
        case .notInDomain: return "identity.notInDomain"
        case .wrongPassword: return "identity.wrongPassword"
        case .userDisabled: return "identity.userDisabled"
        case .accountDisabled: return "identity.accountDisabled"
        case .outsideBase: return "identity.outsideBase"
        case .directoryUnavailable: return "identity.directoryUnavailable"
        }
    }

    /// A human explanation of the refusal.
    public var message: String {
        let requirement = "Persistent Chat endpoints must be AD user objects"
        switch self {
        case .invalidURI(let uri):
            return "'\(uri)' is not a SIP URI (expected sip:user@domain)"
        case .unknownURI(let uri):
            return "no directory entry has the SIP address \(uri)"
        case .contactObject(let uri):
            return "\(uri) is a contact object (trusted application endpoints are contacts); \(requirement)"
        case .configurationPartition(let uri):
            return "\(uri) is an object in the Configuration partition (CN=Configuration,DC=…); \(requirement) in a domain partition"
        case .notAUser(let uri, let kind):
            return "\(uri) is assigned to an object of kind \(kind), not a user; \(requirement)"
        case .notInDomain(let uri):
            return "\(uri) is not in a domain (its DN has no DC= components); \(requirement) in a domain"
        case .wrongPassword(let uri):
            return "wrong password for \(uri)"
        case .userDisabled(let uri):
            return "\(uri) is not enabled for SIP (msRTCSIP-UserEnabled is not TRUE)"
        case .accountDisabled(let uri):
            return "\(uri) is a disabled account (userAccountControl has ACCOUNTDISABLE)"
        case .outsideBase(let uri, let base):
            return "\(uri) is outside '\(base)', the part of the directory this server serves; \(requirement) in it"
        case .directoryUnavailable:
            return "the directory cannot be reached; sign-ins are refused until it answers again"
        }
    }

    /// Whether the refusal was given after the password was proven right (it describes the account), so it may be
    /// told to the caller; the others (unknown address, wrong password) must all get the same answer.
    public var provesPassword: Bool {
        switch self {
        case .invalidURI, .unknownURI, .wrongPassword, .directoryUnavailable: false
        case .contactObject, .configurationPartition, .notAUser, .notInDomain, .userDisabled, .accountDisabled, .outsideBase: true
        }
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
