/// The identity rule of Persistent Chat, the password aside: only an enabled user object in a domain partition may
/// sign in, never a contact, a computer or an object under `CN=Configuration`. Applied to LDIF and LDAP entries alike,
/// at sign-in (after the password is proven) and to live sessions after the directory changes.
public enum IdentityRules {
    /// The first rule `entry` breaks for the SIP address `uri`, or nil when it may sign in. With `base`, the entry
    /// must also lie under it (the domain naming context an LDAP directory serves).
    ///
    /// In order: a contact; under `CN=Configuration`; not a user (a group, OU, computer…); outside `base`; outside any
    /// domain (no `DC=`); a disabled account (`userAccountControl`); not enabled for SIP (`msRTCSIP-UserEnabled`).
    public static func refusal(of entry: DirectoryEntry, uri: String, base: DistinguishedName? = nil) -> IdentityRefusal? {
        if entry.kind == .contact { return .contactObject(uri) }
        if entry.dn.isInConfigurationPartition { return .configurationPartition(uri) }
        guard entry.kind == .user else { return .notAUser(uri, entry.kind) }
        if let base, !entry.dn.isDescendant(of: base) { return .outsideBase(uri, base: base) }
        guard !entry.dn.domainComponents.isEmpty else { return .notInDomain(uri) }
        if entry.isAccountDisabled { return .accountDisabled(uri) }
        guard entry.isSIPEnabled else { return .userDisabled(uri) }
        return nil
    }

    /// Whether `entry` has a SIP address and passes every rule.
    public static func admits(_ entry: DirectoryEntry, base: DistinguishedName? = nil) -> Bool {
        guard let uri = entry.sipAddress else { return false }
        return refusal(of: entry, uri: uri, base: base) == nil
    }
}
