import PersistentChatDirectory
import PersistentChatProtocol

/// Turns directory entries and role references into the principal summaries clients see.
struct PrincipalDescriber {
    let directory: Directory

    /// A summary of a directory entry.
    func summary(_ entry: DirectoryEntry) -> PrincipalSummaryPayload {
        let type: PersistentChatPrincipalType = switch entry.kind {
        case .user, .contact, .other: .localUser
        case .group: .directoryGroup
        case .organizationalUnit: .directoryFolder
        case .domain: .domain
        }
        let name = entry.dn.rdns.first?.value ?? entry.dn.description
        return PrincipalSummaryPayload(
            reference: entry.kind == .user ? (entry.sipAddress ?? entry.dn.description) : entry.dn.description,
            name: name, displayName: entry.displayName ?? name, type: type, adPath: entry.dn.description,
            entityGuid: entry.objectGUID, uri: entry.sipAddress.flatMap(SIPURI.init))
    }

    /// A summary of a role or scope reference (resolved through the directory when possible).
    func summary(_ reference: PrincipalReference) -> PrincipalSummaryPayload {
        if let entry = directory.resolve(reference)?.entry { return summary(entry) }
        let text = reference.description
        return PrincipalSummaryPayload(reference: text, name: text, displayName: text, type: .localUser, adPath: nil,
                                       entityGuid: nil, uri: SIPURI(text))
    }

    /// The groups (nested), OUs and domain an entry belongs to.
    func memberOf(_ entry: DirectoryEntry) -> [PrincipalSummaryPayload] {
        let groups = directory.groups(of: entry.dn).compactMap { directory.entry(dn: $0) }
        let containers = directory.allEntries.filter { candidate in
            (candidate.kind == .organizationalUnit || candidate.kind == .domain) && entry.dn.isDescendant(of: candidate.dn)
        }
        return (groups.sorted { $0.dn.description < $1.dn.description } + containers).map(summary)
    }
}
