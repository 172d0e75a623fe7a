import Foundation
import LDAPDirectory
import Logging
import PersistentChat
import PersistentChatDirectory
import SlapdFixture

/// Identities from a large LDAP directory: `users` users in 50 OUs and `groups` nested groups (four fifths hold users,
/// the rest hold groups, two levels deep, with one cycle) in a real slapd. Measures, in one run:
/// - sign-ins at `rate`/s over the wire against pchatd on that slapd (search, then bind as the user), and the same
///   sign-ins against pchatd on an LDIF file of the same users (no directory round trip, a cheap hash: the floor);
/// - a role check from the directory pchatd keeps (members given as groups and OUs), measured in this process on
///   the directory `ActiveDirectory` reads, as pchatd reads it;
/// - user searches over the wire (`FindUsers`, a substring search on the server);
/// - the same sign-ins while pchatd reads the whole directory again (SIGHUP every 5 s), against the quiet ones;
/// - how long one read of the whole directory takes (what every `refresh` costs), and pchatd's memory with it, against
///   pchatd on the LDIF file.
struct DirectoryScale {
    var users: Int
    var groups: Int
    var signIns: Int
    var rate: Int
    var roleChecks: Int
    var searches: Int

    static let base = "DC=bench,DC=example"
    static let organizationalUnits = 50

    func run(pchatd: URL) async throws {
        let started = Date()
        let ldif = directoryLDIF()
        note("directory: \(users) users, \(groups) groups; loading slapd")
        let slapd = try await BenchSlapd.start(directory: ldif, baseDN: Self.base)
        note("directory: slapd loaded in \(Int(Date().timeIntervalSince(started))) s")
        let ldap = """
            ldap:
                url: \(slapd.url)
                start_tls: false
                bind_dn: "\(slapd.setup.serviceDN)"
                password_env: PCHAT_BENCH_LDAP_PASSWORD
                base_dn: "\(Self.base)"
                refresh: 10m
                pool_size: 4
                page_size: 1000
            """
        setenv("PCHAT_BENCH_LDAP_PASSWORD", SlapdSetup.servicePassword, 1)
        let roomMembers = Array(topGroups.prefix(20)) + (0..<5).map { "OU=Dept\($0),\(Self.base)" }
        let unreachable = "  sign_in: {failures: 1000000, address_failures: 1000000, account_failures: 1000000}"
        do {
            let overLDAP = try await BenchServer.start(pchatd: pchatd, users: 0, rooms: ["groups-room"], roomPrivacy: "closed",
                                                       extraLimits: unreachable, ldif: ldif, directory: ldap,
                                                       roomMembers: ["groups-room": roomMembers])
            note("directory: pchatd on slapd listening; \(signIns) sign-ins at \(rate)/s")
            let ldapSignIns = try await paced(url: overLDAP.url)
            let ldapMemory = overLDAP.residentBytes
            note("directory: the same sign-ins while pchatd reads the whole directory again (SIGHUP every 5 s)")
            let rereading = Task {
                while !Task.isCancelled {
                    overLDAP.hangUp()
                    try? await Task.sleep(for: .seconds(5))
                }
            }
            let refreshSignIns = try await paced(url: overLDAP.url)
            rereading.cancel()
            // The last read (about 5 s for 100,000 users) ends before the searches are timed.
            try await Task.sleep(for: .seconds(Double(users) / 12_500 + 0.2))
            let searchLatencies = try await search(url: overLDAP.url)
            await overLDAP.stop()

            let overLDIF = try await BenchServer.start(pchatd: pchatd, users: 0, rooms: ["groups-room"], roomPrivacy: "closed",
                                                       extraLimits: unreachable, ldif: ldif,
                                                       roomMembers: ["groups-room": roomMembers])
            note("directory: pchatd on the LDIF file listening; the same sign-ins")
            let ldifSignIns = try await paced(url: overLDIF.url)
            let ldifMemory = overLDIF.residentBytes
            await overLDIF.stop()

            let (readSeconds, roles) = try await roleChecks(slapd: slapd, members: roomMembers)
            await slapd.stop()
            printTable("directory", parameters: "\(users) users in \(Self.organizationalUnits) OUs, \(groups) nested groups in slapd; \(signIns) sign-ins at \(rate)/s", [
                Figure(name: "sign-in p50, LDAP (search, then bind as the user)", value: ldapSignIns.percentile(50), unit: "ms",
                       baseline: ldifSignIns.percentile(50), higherIsBetter: false, target: "—"),
                Figure(name: "sign-in p99, LDAP", value: ldapSignIns.percentile(99), unit: "ms",
                       baseline: ldifSignIns.percentile(99), higherIsBetter: false, target: "≤ 20 ms"),
                Figure(name: "sign-ins let in, LDAP", value: Double(ldapSignIns.count), unit: "of \(signIns)", baseline: nil,
                       higherIsBetter: true, target: "all"),
                Figure(name: "sign-in p99, LDAP, while pchatd reads the whole directory again", value: refreshSignIns.percentile(99),
                       unit: "ms", baseline: ldapSignIns.percentile(99), higherIsBetter: false, target: "—"),
                Figure(name: "role check p99 from the cache (room members: 20 groups, 5 OUs)", value: roles.percentile(99), unit: "ms",
                       baseline: nil, higherIsBetter: false, target: "≤ 1 ms"),
                Figure(name: "FindUsers p99 (substring search on the server)", value: searchLatencies.percentile(99), unit: "ms",
                       baseline: nil, higherIsBetter: false, target: "—"),
                Figure(name: "one read of the whole directory (each refresh)", value: readSeconds, unit: "s", baseline: nil,
                       higherIsBetter: false, target: "—"),
                Figure(name: "pchatd resident memory, LDAP (the directory read once more on each SIGHUP)",
                       value: Double(ldapMemory) / 1_048_576, unit: "MiB", baseline: Double(ldifMemory) / 1_048_576,
                       higherIsBetter: false, target: "—"),
            ])
        } catch {
            await slapd.stop()
            throw error
        }
    }

    /// The top groups: each holds mid groups, which hold the groups that hold users.
    private var topGroups: [String] {
        let (_, _, top) = groupCounts
        return (0..<top).map { "CN=Top\($0),OU=Groups,\(Self.base)" }
    }

    private var groupCounts: (leaf: Int, mid: Int, top: Int) {
        let top = max(1, groups / 25)
        let mid = max(1, groups / 5 - top)
        return (max(1, groups - mid - top), mid, top)
    }

    /// The directory as AD-style LDIF: users `user1`… in OU=Dept0…49, `givenName` GivenN, `sn` FamilyN.
    private func directoryLDIF() -> String {
        // {SSHA256}: the LDIF server checks it at each sign-in (cheap on purpose); slapd gets the password itself.
        var directory = DirectoryLDIFBuilder(password: BenchServer.password, scheme: .ssha256)
        directory.addDomain(Self.base)
        directory.addOrganizationalUnit("OU=Groups,\(Self.base)")
        for ou in 0..<Self.organizationalUnits { directory.addOrganizationalUnit("OU=Dept\(ou),\(Self.base)") }
        let (leaf, mid, top) = groupCounts
        var leafMembers = Array(repeating: [String](), count: leaf)
        for index in 1...max(1, users) {
            let dn = "CN=user\(index),OU=Dept\(index % Self.organizationalUnits),\(Self.base)"
            directory.addUser(dn, sipAddress: "sip:user\(index)@bench.example", displayName: "User \(index)",
                              givenName: "Given\(index)", surname: "Family\(index)", mail: "user\(index)@bench.example")
            leafMembers[index % leaf].append(dn)
        }
        for index in 0..<leaf {
            // One cycle: the first leaf group also lists the first top group.
            let extra = index == 0 ? ["CN=Top0,OU=Groups,\(Self.base)"] : []
            directory.addGroup("CN=Leaf\(index),OU=Groups,\(Self.base)", members: leafMembers[index] + extra)
        }
        for index in 0..<mid {
            directory.addGroup("CN=Mid\(index),OU=Groups,\(Self.base)",
                               members: stride(from: index, to: leaf, by: mid).map { "CN=Leaf\($0),OU=Groups,\(Self.base)" })
        }
        for index in 0..<top {
            directory.addGroup("CN=Top\(index),OU=Groups,\(Self.base)",
                               members: stride(from: index, to: mid, by: top).map { "CN=Mid\($0),OU=Groups,\(Self.base)" })
        }
        return directory.ldif
    }

    /// `signIns` sign-ins of random users, one started every 1/`rate` s; each one's establish latency.
    private func paced(url: String) async throws -> Latencies {
        let platform = CollaborationPlatform(applicationName: "pchat-bench")
        let interval = UInt64(1_000_000_000 / max(1, rate))
        let users = users
        return try await withThrowingTaskGroup(of: UInt64.self) { group in
            let start = monotonicNanos()
            for attempt in 0..<signIns {
                let due = start + UInt64(attempt) * interval
                let now = monotonicNanos()
                if due > now { try await Task.sleep(nanoseconds: due - now) }
                group.addTask {
                    let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
                        platform: platform, ownerUri: "sip:user\(Int.random(in: 1...max(1, users)))@bench.example",
                        password: BenchServer.password))
                    let began = monotonicNanos()
                    try await endpoint.establish()
                    let took = monotonicNanos() - began
                    await endpoint.terminate()
                    return took
                }
            }
            var latencies = Latencies()
            for try await took in group { latencies.add(took) }
            return latencies
        }
    }

    /// `searches` user searches by a surname fragment (`Family12…`, about a hundred matches each) as user1.
    private func search(url: String) async throws -> Latencies {
        let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "pchat-bench"), ownerUri: "sip:user1@bench.example",
            password: BenchServer.password))
        try await endpoint.establish()
        var latencies = Latencies()
        for _ in 0..<searches {
            let fragment = "Family\(Int.random(in: 100...999))"
            let began = monotonicNanos()
            _ = try await endpoint.persistentChatServices.userServices.findUsers(lastName: fragment)
            latencies.add(monotonicNanos() - began)
        }
        await endpoint.terminate()
        return latencies
    }

    /// Reads the whole directory as pchatd does (the time it takes), then times `roleChecks` checks of random users
    /// against `members` (groups and OUs), as a join's role check does.
    private func roleChecks(slapd: BenchSlapd, members: [String]) async throws -> (Double, Latencies) {
        var logger = Logger(label: "pchat-bench")
        logger.logLevel = .error
        let connection = LDAPConnectionSettings(url: try LDAPURL.parse(slapd.url).get(), startTLS: false)
        let settings = LDAPDirectorySettings(connection: connection,
                                             serviceAccount: .init(dn: slapd.setup.serviceDN, password: SlapdSetup.servicePassword),
                                             baseDN: try DistinguishedName(Self.base), pageSize: 1000)
        let reader = ActiveDirectory(settings: settings, logger: logger)
        let began = monotonicNanos()
        let directory = try await reader.readDirectory()
        let readSeconds = Double(monotonicNanos() - began) / 1e9
        let principals = try members.map { PrincipalReference.dn(try DistinguishedName($0)) }
        var latencies = Latencies()
        var admitted = 0
        for _ in 0..<roleChecks {
            guard let user = directory.entry(sipAddress: "sip:user\(Int.random(in: 1...max(1, users)))@bench.example") else { continue }
            let checkBegan = monotonicNanos()
            if principals.contains(where: { directory.principal($0, includes: user) }) { admitted += 1 }
            latencies.add(monotonicNanos() - checkBegan)
        }
        note("directory: read \(directory.allEntries.count) entries in \(String(format: "%.2f", readSeconds)) s; \(admitted) of \(roleChecks) role checks admitted")
        return (readSeconds, latencies)
    }
}
