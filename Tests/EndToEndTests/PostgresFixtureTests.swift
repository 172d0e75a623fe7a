import Foundation
import PostgresNIO
import SlapdFixture
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The test PostgreSQL (``withPostgres(_:)``) and PostgresNIO against it: a role that signs in with its password over
/// loopback without TLS, transactions, LISTEN/NOTIFY between two connections, a server on 127.0.0.1 only, and nothing
/// left running after the scope.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PostgresFixtureTests {
    @Test func aCommittedTransactionKeepsItsRowsAndARolledBackOneLeavesNone() async throws {
        try await withPostgres { postgres in
            try await withPostgresClient(postgres.clientConfiguration()) { client in
                try await client.query("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL)")
                try await client.withTransaction(logger: quietPostgresLogger) { connection in
                    for (id, body) in [(1, "first"), (2, "zweite ✓")] {
                        try await connection.query("INSERT INTO notes (id, body) VALUES (\(id), \(body))", logger: quietPostgresLogger)
                    }
                }
                let rolledBack = await #expect(throws: PostgresTransactionError.self) {
                    try await client.withTransaction(logger: quietPostgresLogger) { connection in
                        try await connection.query("INSERT INTO notes (id, body) VALUES (3, 'never')", logger: quietPostgresLogger)
                        throw CancellationError()
                    }
                }
                #expect(rolledBack?.closureError is CancellationError)
                #expect(rolledBack?.rollbackError == nil)
                let rows = try await client.query("SELECT id, body FROM notes ORDER BY id").rows((Int, String).self)
                #expect(rows.map(\.0) == [1, 2])
                #expect(rows.map(\.1) == ["first", "zweite ✓"])
            }
        }
    }

    @Test func aListeningConnectionReceivesWhatAnotherNotifiesOnceItCommits() async throws {
        try await withPostgres { postgres in
            try await withPostgresClient(postgres.clientConfiguration()) { client in
                let (listener, notifier, payload) = try await client.withConnection { listening in
                    let listener = try await listening.query("SELECT pg_backend_pid()", logger: quietPostgresLogger).values(Int32.self)
                    return try await listening.listen(on: "pchat_changes") { notifications in
                        let notifier = try await client.withConnection { notifying in
                            // A notification sent in a transaction that rolls back is never delivered.
                            _ = try? await notifying.withTransaction(logger: quietPostgresLogger) { connection in
                                try await connection.query("SELECT pg_notify('pchat_changes', 'rolled back')", logger: quietPostgresLogger)
                                throw CancellationError()
                            }
                            try await notifying.query("SELECT pg_notify('pchat_changes', \("room 7 changed ✓"))", logger: quietPostgresLogger)
                            return try await notifying.query("SELECT pg_backend_pid()", logger: quietPostgresLogger).values(Int32.self)
                        }
                        var iterator = notifications.makeAsyncIterator()
                        return (listener, notifier, try await iterator.next()?.payload)
                    }
                }
                #expect(listener.count == 1 && notifier.count == 1 && listener != notifier)
                #expect(payload == "room 7 changed ✓")
            }
        }
    }

    @Test func theServerListensOnLoopbackOnlyAndAsksForThePasswordOverTCP() async throws {
        try await withPostgres { postgres in
            #expect(postgres.url == "postgres://pchatd@127.0.0.1:\(postgres.port)/pchat")
            try await withPostgresClient(postgres.clientConfiguration()) { client in
                let settings = try await Self.settings(of: client)
                #expect(settings["listen_addresses"] == "127.0.0.1")
                #expect(settings["port"] == "\(postgres.port)")
                #expect(settings["fsync"] == "on")
                #expect(settings["server_encoding"] == "UTF8")
                #expect(settings["lc_collate"] == "C")
                let session = try await client.query("SELECT host(inet_server_addr()), current_database(), current_user")
                    .rows((String, String, String).self).map { [$0.0, $0.1, $0.2] }
                #expect(session == [["127.0.0.1", "pchat", "pchatd"]])
                let superuser = try await client.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").values(Bool.self)
                #expect(superuser == [false])
            }
            try await withPostgresClient(postgres.clientConfiguration(asSuperuser: true)) { client in
                let superuser = try await client.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").values(Bool.self)
                #expect(superuser == [true])
            }
            let wrong = PostgresConnection.Configuration(host: "127.0.0.1", port: postgres.port, username: Postgres.role,
                                                         password: "not-the-password", database: Postgres.database, tls: .disable)
            let refusal = await #expect(throws: PSQLError.self) {
                let connection = try await PostgresConnection.connect(configuration: wrong, id: 1, logger: quietPostgresLogger)
                try await connection.close()
            }
            #expect(refusal?.serverInfo?[.sqlState] == "28P01", "not refused as a wrong password: \(String(describing: refusal))")
        }
    }

    /// The server's settings by name (`pg_settings`, what `SHOW` answers; `lc_collate`: the database's collation).
    private static func settings(of client: PostgresClient) async throws -> [String: String] {
        let settings = try await client.query("SELECT name, setting FROM pg_settings").rows((String, String).self)
        let collation = try await client.query("SELECT 'lc_collate', datcollate::text FROM pg_database WHERE datname = current_database()")
            .rows((String, String).self)
        return Dictionary(settings + collation) { first, _ in first }
    }

    /// What a test saw of the server inside the scope, to check after it.
    private struct Seen: Sendable {
        let port: Int
        let processes: [pid_t]
        let folder: URL
    }

    private struct BodyFailed: Error {}

    @Test(arguments: [false, true])
    func afterTheScopeThePortRefusesAndTheProcessesAndFolderAreGone(bodyThrows: Bool) async throws {
        let seen = Mutex<Seen?>(nil)
        do {
            try await withPostgres { postgres in
                try await withPostgresClient(postgres.clientConfiguration()) { client in
                    let backend = try await client.query("SELECT pg_backend_pid()").values(Int32.self)
                    let processes = postgres.processIDs()
                    #expect(backend.count == 1 && backend.allSatisfy { processes.contains(pid_t($0)) }, "\(backend) not in \(processes)")
                    seen.withLock { $0 = Seen(port: postgres.port, processes: processes, folder: postgres.folder) }
                }
                if bodyThrows { throw BodyFailed() }
            }
            #expect(!bodyThrows)
        } catch is BodyFailed {
            #expect(bodyThrows)
        }
        let after = try #require(seen.withLock { $0 })
        #expect(after.processes.count >= 3, "postmaster, a backend, and the server's own workers: \(after.processes)")
        #expect(!LoopbackPort.accepts(after.port))
        #expect(after.processes.filter(ProcessTable.isAlive).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: after.folder.path))
    }

    @Test func aMissingInstallNamesTheScriptThatInstallsIt() {
        let missing = #expect(throws: PostgresFixtureError.self) {
            try PostgresTools.find(under: URL(fileURLWithPath: "/nonexistent/postgresql"))
        }
        #expect(missing?.description.contains("Scripts/install-dependencies.sh") == true, "\(String(describing: missing))")
    }
}
