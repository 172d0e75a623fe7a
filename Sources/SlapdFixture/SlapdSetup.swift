import Foundation

/// The files of a throw-away OpenLDAP server (Debian's `slapd`) shaped like Active Directory, in a folder of its own:
/// the schema (``SlapdSchema``), `slapd.conf` and the entries to load (``SlapdData``), for the tests and benchmarks
/// that start a real directory on loopback. Starting and stopping the process is the caller's.
///
/// The service account `CN=pchatd,CN=Users,BASE` may read everything but passwords; the root account `CN=admin,BASE`
/// changes entries (`ldapmodify`). The server accepts unauthenticated binds (a DN with an empty password), as Active
/// Directory does, and pages of at most `pageLimit` entries, as AD's MaxPageSize.
public struct SlapdSetup: Sendable {
    public let folder: URL
    /// The directory's root, e.g. `DC=contoso,DC=com`.
    public let baseDN: String
    /// Most entries one page (or one search without paging) returns to the service account.
    public let pageLimit: Int
    /// Whether the service account may read `userPassword` too (to show that pchatd never asks for it).
    public let serviceReadsPasswords: Bool

    public static let servicePassword = "service-account-secret"
    public static let rootPassword = "root-secret"
    public var serviceDN: String { "CN=pchatd,CN=Users,\(baseDN)" }
    public var rootDN: String { "CN=admin,\(baseDN)" }

    public init(folder: URL, baseDN: String, pageLimit: Int = 500, serviceReadsPasswords: Bool = false) {
        self.folder = folder
        self.baseDN = baseDN
        self.pageLimit = pageLimit
        self.serviceReadsPasswords = serviceReadsPasswords
    }

    public func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes the schema, `slapd.conf` (serving TLS with `tls`, a PEM certificate and key, when given) and the
    /// entries of `directory` (AD-style LDIF whose users sign in with `password`) with the service account.
    public func write(directory: String, password: String, tls: (certificate: String, key: String)? = nil) throws {
        try FileManager.default.createDirectory(atPath: path("db"), withIntermediateDirectories: true)
        try SlapdSchema.text.write(toFile: path("ad.schema"), atomically: true, encoding: .utf8)
        try configuration(tls: tls).write(toFile: path("slapd.conf"), atomically: true, encoding: .utf8)
        let data = try SlapdData.ldif(from: directory, password: password) + serviceAccount
        try data.write(toFile: path("data.ldif"), atomically: true, encoding: .utf8)
    }

    /// `slapadd`'s arguments to load the entries written by ``write(directory:password:tls:)`` (slapd not running).
    public var loadArguments: [String] { ["-q", "-f", path("slapd.conf"), "-l", path("data.ldif")] }

    /// `slapd`'s arguments to serve in the foreground on 127.0.0.1:`port` (and ldaps on `ldapsPort`, on 127.0.0.1 and
    /// on 127.0.0.2, an address the test certificates do not name).
    public func serveArguments(port: Int, ldapsPort: Int?) -> [String] {
        let urls = ["ldap://127.0.0.1:\(port)/"] + (ldapsPort.map { ["ldaps://127.0.0.1:\($0)/", "ldaps://127.0.0.2:\($0)/"] } ?? [])
        return ["-f", path("slapd.conf"), "-h", urls.joined(separator: " "), "-d", "0"]
    }

    /// slapd.conf: the schema, one MDB database for the base DN, the page limit (paged searches may go past it),
    /// unauthenticated binds accepted, and access rules under which nobody reads `userPassword`.
    private func configuration(tls: (certificate: String, key: String)?) -> String {
        var lines = [
            "include /etc/ldap/schema/core.schema", "include /etc/ldap/schema/cosine.schema",
            "include /etc/ldap/schema/inetorgperson.schema", "include \(path("ad.schema"))",
            "pidfile \(path("slapd.pid"))", "modulepath /usr/lib/ldap", "moduleload back_mdb",
            // As Active Directory does: a DN with an empty password is an unauthenticated bind, and succeeds.
            "allow bind_anon_dn",
        ]
        if let tls {
            lines += ["TLSCertificateFile \(tls.certificate)", "TLSCertificateKeyFile \(tls.key)"]
        }
        lines += [
            "database mdb", "suffix \"\(baseDN)\"", "rootdn \"\(rootDN)\"", "rootpw \(Self.rootPassword)",
            "directory \(path("db"))", "maxsize 4294967296",
            "limits dn.exact=\"\(serviceDN)\" size.soft=\(pageLimit) size.hard=\(pageLimit) size.pr=\(pageLimit) size.prtotal=unlimited",
            "index objectClass eq", "index msRTCSIP-PrimaryUserAddress eq,sub", "index member eq",
            "index displayName,givenName,sn,mail sub",
            serviceReadsPasswords
                ? "access to attrs=userPassword by anonymous auth by dn.exact=\"\(serviceDN)\" read by * none"
                : "access to attrs=userPassword by anonymous auth by * none",
            "access to * by dn.exact=\"\(serviceDN)\" read by * none",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private var serviceAccount: String {
        """
        dn: CN=Users,\(baseDN)
        objectClass: top
        objectClass: container
        cn: Users

        dn: \(serviceDN)
        objectClass: top
        objectClass: person
        objectClass: organizationalPerson
        objectClass: user
        cn: pchatd
        sn: pchatd
        userPassword: \(Self.servicePassword)

        """
    }
}
