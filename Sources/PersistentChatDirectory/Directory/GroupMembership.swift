/// Direct group memberships, with transitive resolution that tolerates cycles.
struct GroupMembership: Sendable {
    /// Member DN → groups it is directly in.
    private let direct: [DistinguishedName: Set<DistinguishedName>]

    /// Builds memberships from `member` on groups and `memberOf` on any entry.
    init(entries: [DirectoryEntry], byDN: [DistinguishedName: DirectoryEntry], warn: (String) -> Void) {
        var direct: [DistinguishedName: Set<DistinguishedName>] = [:]
        for entry in entries {
            if entry.kind == .group {
                for member in entry.member {
                    if byDN[member] == nil { warn("group '\(entry.dn)' lists member '\(member)', which is not in the directory") }
                    direct[member, default: []].insert(entry.dn)
                }
            } else if !entry.member.isEmpty {
                warn("'\(entry.dn)' has 'member' values but is not a group; they are ignored")
            }
            for group in entry.memberOf {
                guard let target = byDN[group] else {
                    warn("'\(entry.dn)' has memberOf '\(group)', which is not in the directory; ignored")
                    continue
                }
                guard target.kind == .group else {
                    warn("'\(entry.dn)' has memberOf '\(group)', which is not a group; ignored")
                    continue
                }
                direct[entry.dn, default: []].insert(group)
            }
        }
        self.direct = direct
    }

    /// All groups `dn` belongs to, directly or through nested groups.
    func groups(of dn: DistinguishedName) -> Set<DistinguishedName> {
        var found: Set<DistinguishedName> = []
        var pending = Array(direct[dn] ?? [])
        while let group = pending.popLast() {
            guard found.insert(group).inserted else { continue }
            pending.append(contentsOf: direct[group] ?? [])
        }
        return found
    }
}
