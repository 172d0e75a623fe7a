extension Directory {
    /// Kinds a DN principal may name.
    private static let principalKinds: Set<DirectoryObjectKind> = [.user, .group, .organizationalUnit, .domain]

    /// Resolves `principal`: a SIP reference must name an existing entry; a DN reference must name an
    /// existing user, group, OU/container or domain. Returns `nil` otherwise.
    public func resolve(_ principal: PrincipalReference) -> ResolvedPrincipal? {
        switch principal {
        case .sip(let uri):
            return entry(sipAddress: uri).map { ResolvedPrincipal(reference: principal, entry: $0) }
        case .dn(let dn):
            guard let entry = entry(dn: dn), Self.principalKinds.contains(entry.kind) else { return nil }
            return ResolvedPrincipal(reference: principal, entry: entry)
        }
    }

    /// Whether `principal` covers `user`: same SIP address; same user DN; transitive group membership;
    /// or, for an OU/container or domain, the user's DN lies under it.
    public func principal(_ principal: PrincipalReference, includes user: DirectoryEntry) -> Bool {
        switch principal {
        case .sip(let uri):
            return user.sipAddress != nil && user.sipAddress == SIPAddress.normalize(uri)
        case .dn(let dn):
            guard let target = entry(dn: dn) else { return false }
            switch target.kind {
            case .user: return user.dn == dn
            case .group: return groups(of: user.dn).contains(dn)
            case .organizationalUnit, .domain: return user.dn.isDescendant(of: dn)
            case .contact, .other: return false
            }
        }
    }
}
