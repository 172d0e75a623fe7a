import Logging

/// An immutable, indexed Active Directory-shaped directory.
public final class Directory: Sendable {
    /// Every entry, in load order.
    public let allEntries: [DirectoryEntry]
    private let byDN: [DistinguishedName: DirectoryEntry]
    private let bySIP: [String: DirectoryEntry]
    private let membership: GroupMembership
    let logger: Logger
    /// Hashes of the entries' costs that no password matches: checked for unknown addresses (see
    /// ``authenticate(sipURI:password:)``).
    let decoys: DecoyHashes
    /// The part of the directory served (an LDAP directory's base DN): users outside it may not sign in. nil: all of it.
    public let base: DistinguishedName?

    /// Indexes `entries`, refusing duplicate DNs and duplicate SIP addresses.
    ///
    /// Dangling `member`/`memberOf` references are logged as warnings, not refused. With `base`, only users under it
    /// may sign in (``IdentityRules``).
    public init(entries: [DirectoryEntry], base: DistinguishedName? = nil,
                logger: Logger = Logger(label: "PersistentChatDirectory")) throws(DirectoryLoadError) {
        var byDN: [DistinguishedName: DirectoryEntry] = [:]
        var bySIP: [String: DirectoryEntry] = [:]
        for entry in entries {
            if let existing = byDN[entry.dn] {
                throw DirectoryLoadError(line: entry.line, message: "duplicate DN '\(entry.dn)'\(existing.line.map { " (first defined at line \($0))" } ?? "")")
            }
            byDN[entry.dn] = entry
            if let sip = entry.sipAddress {
                if let existing = bySIP[sip] {
                    throw DirectoryLoadError(line: entry.line, message: "SIP address \(sip) of '\(entry.dn)' is already used by '\(existing.dn)'\(existing.line.map { " (line \($0))" } ?? "")")
                }
                bySIP[sip] = entry
            }
        }
        self.allEntries = entries
        self.byDN = byDN
        self.bySIP = bySIP
        self.membership = GroupMembership(entries: entries, byDN: byDN) { logger.warning("\($0)") }
        self.logger = logger
        self.base = base
        self.decoys = DecoyHashes(storedValues: entries.lazy.compactMap(\.passwordHash))
    }

    /// The entry with SIP address `sipAddress` (case-insensitive), if any.
    public func entry(sipAddress: String) -> DirectoryEntry? {
        SIPAddress.normalize(sipAddress).flatMap { bySIP[$0] }
    }

    /// The entry named `dn`, if any.
    public func entry(dn: DistinguishedName) -> DirectoryEntry? {
        byDN[dn]
    }

    /// All groups the object named `dn` belongs to, including through nested groups.
    public func groups(of dn: DistinguishedName) -> Set<DistinguishedName> {
        membership.groups(of: dn)
    }
}
