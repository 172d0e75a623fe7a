extension Directory {
    /// Applies the identity rule: only enabled AD users in a domain partition, with a matching salted password.
    ///
    /// Checks, in order: URI syntax, known URI, contact, Configuration partition, user kind, domain,
    /// password (a missing or unusable stored hash also reads as a wrong password), SIP enabled.
    public func authenticate(sipURI: String, password: String) -> Result<DirectoryEntry, IdentityRefusal> {
        guard let uri = SIPAddress.normalize(sipURI) else { return .failure(.invalidURI(sipURI)) }
        guard let entry = entry(sipAddress: uri) else { return .failure(.unknownURI(uri)) }
        if entry.kind == .contact { return .failure(.contactObject(uri)) }
        if entry.dn.isInConfigurationPartition { return .failure(.configurationPartition(uri)) }
        guard entry.kind == .user else { return .failure(.notAUser(uri, entry.kind)) }
        guard !entry.dn.domainComponents.isEmpty else { return .failure(.notInDomain(uri)) }
        guard checkPassword(password, of: entry, uri: uri) else { return .failure(.wrongPassword(uri)) }
        guard entry.isSIPEnabled else { return .failure(.userDisabled(uri)) }
        return .success(entry)
    }

    /// Whether an entry passes the identity rule apart from the password: an enabled, SIP-enabled AD user in a
    /// domain partition (not a contact, not under `CN=Configuration`). Only such users are offered for roles.
    public func canSignIn(_ entry: DirectoryEntry) -> Bool {
        entry.kind == .user && entry.sipAddress != nil && entry.isSIPEnabled && !entry.dn.isInConfigurationPartition
            && !entry.dn.domainComponents.isEmpty
    }

    private func checkPassword(_ password: String, of entry: DirectoryEntry, uri: String) -> Bool {
        guard let stored = entry.passwordHash else {
            logger.warning("no userPassword stored; refusing sign-in", metadata: ["sip": "\(uri)", "dn": "\(entry.dn)"])
            return false
        }
        switch PasswordHash.verify(password: password, against: stored) {
        case .match:
            return true
        case .mismatch:
            logger.info("wrong password", metadata: ["sip": "\(uri)"])
            return false
        case .unsupported(let reason):
            logger.warning("unusable userPassword; refusing sign-in: \(reason)", metadata: ["sip": "\(uri)", "dn": "\(entry.dn)"])
            return false
        }
    }
}
