extension Directory {
    /// Applies the identity rule: only enabled AD users in a domain partition, with a matching salted password.
    ///
    /// Checks, in order: URI syntax; the password, against the entry's stored hash (an unknown address, or an entry
    /// without a usable hash, is checked against a decoy of one of the entries' costs, so it takes about as long as a
    /// wrong password); and only once the password is proven, what describes the account (``IdentityRules``). The refusal is the real reason: callers that answer strangers must not tell
    /// ``IdentityRefusal/unknownURI(_:)`` from ``IdentityRefusal/wrongPassword(_:)``
    /// (see ``IdentityRefusal/provesPassword``).
    public func authenticate(sipURI: String, password: String) -> Result<DirectoryEntry, IdentityRefusal> {
        guard let uri = SIPAddress.normalize(sipURI) else { return .failure(.invalidURI(sipURI)) }
        guard let entry = entry(sipAddress: uri) else {
            _ = PasswordHash.verify(password: password, against: decoys.decoy(for: uri))
            return .failure(.unknownURI(uri))
        }
        guard checkPassword(password, of: entry, uri: uri) else { return .failure(.wrongPassword(uri)) }
        if let refusal = IdentityRules.refusal(of: entry, uri: uri, base: base) { return .failure(refusal) }
        return .success(entry)
    }

    /// Whether an entry passes the identity rule apart from the password (``IdentityRules``). Only such users are
    /// offered for roles.
    public func canSignIn(_ entry: DirectoryEntry) -> Bool {
        IdentityRules.admits(entry, base: base)
    }

    /// Whether `password` matches the entry's stored hash; a missing or unusable hash is checked against a decoy
    /// (as long as a real check) and reads as a wrong password. Logs name the DN, never the text the caller sent.
    private func checkPassword(_ password: String, of entry: DirectoryEntry, uri: String) -> Bool {
        guard let stored = entry.passwordHash else {
            _ = PasswordHash.verify(password: password, against: decoys.decoy(for: uri))
            logger.info("no userPassword stored; refusing sign-in", metadata: ["dn": "\(entry.dn)"])
            return false
        }
        switch PasswordHash.verify(password: password, against: stored) {
        case .match:
            return true
        case .mismatch:
            return false
        case .unsupported(let reason):
            _ = PasswordHash.verify(password: password, against: decoys.decoy(for: uri))
            logger.info("unusable userPassword; refusing sign-in: \(reason)", metadata: ["dn": "\(entry.dn)"])
            return false
        }
    }
}
