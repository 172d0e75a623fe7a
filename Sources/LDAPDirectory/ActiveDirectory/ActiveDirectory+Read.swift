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
        // Reading the entries (DNs, values) and indexing them takes seconds for 100,000 users: it runs on the
        // directory's own threads, in chunks side by side, never on Swift's cooperative pool; one thread is left for
        // sign-ins, which wait for at most the chunks under way.
        let chunkSize = 4096
        let inFlight = max(1, settings.poolSize - 1)
        typealias Chunk = (start: Int, entries: Result<[Result<DirectoryEntry, DirectoryLoadError>], LDAPError>)
        let chunks = await withTaskGroup(of: Chunk.self) { group in
            var chunks: [Chunk] = []
            var running = 0
            for start in stride(from: 0, to: found.count, by: chunkSize) {
                if running == inFlight, let done = await group.next() {
                    chunks.append(done)
                    running -= 1
                }
                let chunk = Array(found[start..<min(start + chunkSize, found.count)])
                group.addTask {
                    do throws(LDAPError) {
                        let read = try await self.workers.run { _ in
                            chunk.map { entry in Result { () throws(DirectoryLoadError) in try ActiveDirectoryAttributes.directoryEntry(entry) } }
                        }
                        return (start, .success(read))
                    } catch {
                        return (start, .failure(error))
                    }
                }
                running += 1
            }
            for await done in group { chunks.append(done) }
            return chunks
        }
        var converted: [Result<DirectoryEntry, DirectoryLoadError>] = []
        converted.reserveCapacity(found.count)
        for chunk in chunks.sorted(by: { $0.start < $1.start }) { converted += try chunk.entries.get() }
        let read = converted
        return try await workers.run { _ throws(LDAPError) in
            try Self.index(read, settings: settings, logger: logger)
        }
    }

    /// The directory of the entries read: the second of two entries with one DN or one SIP address, and entries that
    /// could not be read, left out with a log line. Refused when the base entry itself is not among them (a read that
    /// succeeded but holds nothing, as when the service account lost its rights, must not read as a directory with
    /// nobody in it).
    private static func index(_ converted: [Result<DirectoryEntry, DirectoryLoadError>], settings: LDAPDirectorySettings,
                              logger: Logger) throws(LDAPError) -> Directory {
        var entries: [DirectoryEntry] = []
        var dns = Set<DistinguishedName>()
        var sips = Set<String>()
        for result in converted {
            switch result {
            case .success(let entry):
                guard dns.insert(entry.dn).inserted else { continue }
                if let address = entry.sipAddress, !sips.insert(address).inserted {
                    logger.error("two directory entries have one SIP address; the second is left out", metadata: ["dn": "\(entry.dn)", "sip": "\(address)"])
                    continue
                }
                entries.append(entry)
            case .failure(let error):
                logger.warning("a directory entry is left out", metadata: ["reason": "\(error)"])
            }
        }
        guard dns.contains(settings.baseDN) else {
            throw LDAPError(operation: "read the directory under \(settings.baseDN)",
                            clientMessage: "the base entry itself was not read; the service account may not read it")
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
