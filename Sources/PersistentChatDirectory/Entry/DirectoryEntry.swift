import Foundation

/// One object in the directory, with the attributes Persistent Chat uses.
public struct DirectoryEntry: Sendable, Hashable {
    /// The object's distinguished name.
    public let dn: DistinguishedName
    /// The kind derived from `objectClasses`.
    public let kind: DirectoryObjectKind
    /// The `objectClass` values as written.
    public let objectClasses: [String]
    /// The `objectGUID`, if present.
    public let objectGUID: UUID?
    /// `displayName`.
    public let displayName: String?
    /// `givenName`.
    public let givenName: String?
    /// `sn`.
    public let surname: String?
    /// `mail`.
    public let mail: String?
    /// `msRTCSIP-PrimaryUserAddress`, normalized to lowercase (`sip:alice@contoso.com`).
    public let sipAddress: String?
    /// `msRTCSIP-UserEnabled` is TRUE.
    public let isSIPEnabled: Bool
    /// `userAccountControl` has the ACCOUNTDISABLE bit (0x2): Active Directory refuses the account's sign-ins.
    public let isAccountDisabled: Bool
    /// `userPassword` (a `{SCHEME}…` value), if present.
    public let passwordHash: String?
    /// `member` values (meaningful on groups).
    public let member: [DistinguishedName]
    /// `memberOf` values.
    public let memberOf: [DistinguishedName]
    /// The 1-based LDIF line of the entry's `dn:`, when loaded from LDIF.
    public let line: Int?

    /// Creates an entry; `sipAddress` is normalized and must be a `sip:user@host` URI.
    public init(
        dn: DistinguishedName, objectClasses: [String], objectGUID: UUID? = nil,
        displayName: String? = nil, givenName: String? = nil, surname: String? = nil, mail: String? = nil,
        sipAddress: String? = nil, isSIPEnabled: Bool = false, isAccountDisabled: Bool = false, passwordHash: String? = nil,
        member: [DistinguishedName] = [], memberOf: [DistinguishedName] = [], line: Int? = nil
    ) throws(DirectoryLoadError) {
        var normalizedSIP: String?
        if let sipAddress {
            guard let normalized = SIPAddress.normalize(sipAddress) else {
                throw DirectoryLoadError(line: line, message: "msRTCSIP-PrimaryUserAddress '\(sipAddress)' of '\(dn)' is not a sip:user@host URI")
            }
            normalizedSIP = normalized
        }
        self.dn = dn
        self.kind = DirectoryObjectKind(objectClasses: objectClasses)
        self.objectClasses = objectClasses
        self.objectGUID = objectGUID
        self.displayName = displayName
        self.givenName = givenName
        self.surname = surname
        self.mail = mail
        self.sipAddress = normalizedSIP
        self.isSIPEnabled = isSIPEnabled
        self.isAccountDisabled = isAccountDisabled
        self.passwordHash = passwordHash
        self.member = member
        self.memberOf = memberOf
        self.line = line
    }
}
