import Logging
import PersistentChatDirectory

extension ActiveDirectory {
    /// Reads the users (SIP-enabled, not computers, matching the user filter), contacts with a SIP address, groups
    /// (under the group base when one is set), OUs, containers and the domain, in pages, into a ``Directory``
    /// for role checks and scopes. An entry that cannot be used is left out with a warning; so is the second of two
    /// entries with one SIP address. Throws when the server cannot be reached or refuses a search: the caller keeps
    /// the directory it has.
    public func readDirectory() async throws(LDAPError) -> Directory {
        let settings = settings
        let logger = logger
        let found = try await workers.run { session throws(LDAPError) -> [LDAPEntry] in
            let sip = ActiveDirectoryAttributes.sipAddress
            let user = LDAPFilter.and(["(objectClass=user)", "(!(objectClass=computer))", "(\(sip)=*)"] + (settings.userFilter.map { [$0] } ?? []))
            var kinds = [user, "(&(objectClass=contact)(\(sip)=*))", "(objectClass=organizationalUnit)", "(objectClass=container)",
                         "(objectClass=domain)", "(objectClass=domainDNS)"]
            if settings.groupBase == nil { kinds.append("(objectClass=group)") }
            var entries = try session.search(base: settings.baseDN.description, filter: LDAPFilter.or(kinds),
                                             attributes: ActiveDirectoryAttributes.read, pageSize: settings.pageSize)
            if let groupBase = settings.groupBase {
                entries += try session.search(base: groupBase.description, filter: "(objectClass=group)",
                                              attributes: ActiveDirectoryAttributes.read, pageSize: settings.pageSize)
            }
            return try entries.map { entry throws(LDAPError) in try Self.withWholeMembership(entry, session: session) }
        }
        // A read that succeeded but holds nothing (the service account lost its rights, say) must not read as a
        // directory with nobody in it: the base entry itself is always among what is read.
        guard found.contains(where: { (try? DistinguishedName($0.dn)) == settings.baseDN }) else {
            throw LDAPError(operation: "read the directory under \(settings.baseDN)",
                            clientMessage: "the base entry itself was not read; the service account may not read it")
        }
        var entries: [DirectoryEntry] = []
        var dns = Set<DistinguishedName>()
        var sips = Set<String>()
        for entry in found {
            do {
                let converted = try ActiveDirectoryAttributes.directoryEntry(entry)
                guard dns.insert(converted.dn).inserted else { continue }
                if let address = converted.sipAddress, !sips.insert(address).inserted {
                    logger.error("two directory entries have one SIP address; the second is left out", metadata: ["dn": "\(converted.dn)", "sip": "\(address)"])
                    continue
                }
                entries.append(converted)
            } catch {
                logger.warning("a directory entry is left out", metadata: ["reason": "\(error)"])
            }
        }
        do {
            return try Directory(entries: entries, base: settings.baseDN, logger: logger)
        } catch {
            throw LDAPError(operation: "read the directory", clientMessage: "\(error)")
        }
    }

    /// `entry` with every value of `member`: Active Directory sends a large group's members in ranges
    /// (`member;range=0-1499`), and the rest are asked for range by range.
    private static func withWholeMembership(_ entry: LDAPEntry, session: LDAPSession) throws(LDAPError) -> LDAPEntry {
        guard var ranged = entry.attributes.first(where: { $0.key.hasPrefix("member;range=") }) else { return entry }
        var members = entry.values("member") + ranged.value
        while let end = ranged.key.split(separator: "-").last, end != "*" {
            // A range that does not parse, comes back without the attribute or does not move on would leave the
            // group with part of its members: the whole read is refused instead.
            guard let last = Int(end) else {
                throw LDAPError(operation: "read the members of \(entry.dn)", clientMessage: "the server sent the range '\(ranged.key)'")
            }
            let next = "member;range=\(last + 1)-*"
            let page = try session.search(base: entry.dn, baseOnly: true, filter: "(objectClass=*)", attributes: [next], pageSize: 0)
            guard let more = page.first?.attributes.first(where: { $0.key.hasPrefix("member;range=") }),
                  let start = more.key.dropFirst("member;range=".count).split(separator: "-").first.flatMap({ Int($0) }),
                  start == last + 1 else {
                throw LDAPError(operation: "read the members of \(entry.dn)",
                                clientMessage: "the server did not send the members from \(last + 1) on")
            }
            members += more.value
            ranged = more
        }
        var attributes = entry.attributes.filter { !$0.key.hasPrefix("member;range=") }
        attributes["member"] = members
        return LDAPEntry(dn: entry.dn, attributes: attributes)
    }

    /// Users whose display name, given name, surname, mail or SIP address contains `text`, searched on the server
    /// (at most `limit`, and never more than the settings' ``LDAPDirectorySettings/searchSizeLimit``), in pages.
    /// Blank text finds nothing.
    public func findUsers(matching text: String, limit: Int) async throws(LDAPError) -> [DirectoryEntry] {
        try await findUsers(containing: Dictionary(uniqueKeysWithValues: UserSearchField.allCases.map { ($0, text) }), limit: limit)
    }

    /// SIP-enabled users (not computers, matching the user filter) in whom any of `fields` contains its text,
    /// searched on the server in pages: at most `limit`, and never more than the settings'
    /// ``LDAPDirectorySettings/searchSizeLimit``. Blank texts are left out; with none left, nothing is found.
    public func findUsers(containing fields: [UserSearchField: String], limit: Int) async throws(LDAPError) -> [DirectoryEntry] {
        let wanted = fields.compactMap { field, text -> String? in
            let needle = text.trimmingSpacesAndTabs()
            return needle.isEmpty ? nil : LDAPFilter.contains(field.attribute, needle)
        }.sorted()
        let limit = min(limit, settings.searchSizeLimit)
        guard !wanted.isEmpty, limit > 0 else { return [] }
        let sip = ActiveDirectoryAttributes.sipAddress
        let filter = LDAPFilter.and(["(objectClass=user)", "(!(objectClass=computer))", "(\(sip)=*)", LDAPFilter.or(wanted)]
                                    + (settings.userFilter.map { [$0] } ?? []))
        let settings = settings
        let found = try await workers.run { session throws(LDAPError) in
            try session.search(base: settings.baseDN.description, filter: filter, attributes: ActiveDirectoryAttributes.read,
                               pageSize: min(settings.pageSize, limit), sizeLimit: limit, acceptPartial: true)
        }
        return found.compactMap { try? ActiveDirectoryAttributes.directoryEntry($0) }
    }
}

/// The attributes a user search looks in.
public enum UserSearchField: String, Sendable, CaseIterable {
    case displayName, givenName, surname, mail, sipAddress

    var attribute: String {
        switch self {
        case .displayName: "displayName"
        case .givenName: "givenName"
        case .surname: "sn"
        case .mail: "mail"
        case .sipAddress: ActiveDirectoryAttributes.sipAddress
        }
    }
}
