import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// PostgreSQL's programs (`initdb`, `pg_ctl`, `psql`) as Debian installs them, run as the account that owns the test
/// clusters: the `postgres` system account when the tests run as root (PostgreSQL refuses to run as root), else the
/// tests' own account.
struct PostgresTools: Sendable {
    /// The folder that holds the programs, such as `/usr/lib/postgresql/15/bin`.
    let bin: URL
    /// The account the programs run as and the clusters' files belong to, when that is not the tests' own.
    let account: (uid: uid_t, gid: gid_t)?

    private static let serverAccount = "postgres"
    private static let runuser = "/usr/sbin/runuser"

    /// The newest PostgreSQL under `root` (Debian's `/usr/lib/postgresql/<major>/bin`), and the `postgres` account
    /// when the tests run as root. Throws, naming Scripts/install-dependencies.sh, when either is missing.
    static func find(under root: URL = URL(fileURLWithPath: "/usr/lib/postgresql")) throws -> PostgresTools {
        let majors = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let newest = majors.compactMap(Int.init).sorted().last { major in
            FileManager.default.isExecutableFile(atPath: root.appendingPathComponent("\(major)/bin/initdb").path)
        }
        guard let newest else {
            throw PostgresFixtureError("PostgreSQL is not installed (no \(root.path)/<version>/bin/initdb); "
                + "run Scripts/install-dependencies.sh, which installs Debian's postgresql package")
        }
        let bin = root.appendingPathComponent("\(newest)/bin")
        guard geteuid() == 0 else { return PostgresTools(bin: bin, account: nil) }
        guard let entry = getpwnam(serverAccount) else {
            throw PostgresFixtureError("there is no \(serverAccount) account to run PostgreSQL as (it refuses to run as "
                + "root); run Scripts/install-dependencies.sh, whose postgresql package creates it")
        }
        return PostgresTools(bin: bin, account: (entry.pointee.pw_uid, entry.pointee.pw_gid))
    }

    /// Runs `tool` from ``bin`` with `arguments` (and `input` on its standard input) as the clusters' account; its
    /// standard output. Throws with its error output when it fails.
    @discardableResult
    func run(_ tool: String, _ arguments: [String], input: String? = nil) async throws -> String {
        let program = bin.appendingPathComponent(tool).path
        guard account != nil else { return try await runCommand(program, arguments, input: input) }
        return try await runCommand(Self.runuser, ["-u", Self.serverAccount, "--", program] + arguments, input: input)
    }

    /// Gives `item` to the clusters' account (a no-op when that is the tests' own) and lets only it in: 0700 for a
    /// folder, 0600 for a file.
    func handOver(_ item: URL, folder: Bool) throws {
        if let account, chown(item.path, account.uid, account.gid) != 0 {
            throw PostgresFixtureError("chown \(item.path) failed: \(String(cString: strerror(errno)))")
        }
        try FileManager.default.setAttributes([.posixPermissions: folder ? 0o700 : 0o600], ofItemAtPath: item.path)
    }
}

/// What goes wrong while setting up, starting or stopping a test PostgreSQL.
struct PostgresFixtureError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
