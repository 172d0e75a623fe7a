import Logging
import PostgresNIO

extension Postgres {
    /// How PostgresNIO reaches this server: 127.0.0.1 without TLS (loopback only), as ``role`` with ``password`` to
    /// ``database``, or as ``superuser`` with ``superuserPassword`` to the `postgres` database.
    func clientConfiguration(asSuperuser: Bool = false) -> PostgresClient.Configuration {
        PostgresClient.Configuration(host: "127.0.0.1", port: port,
                                     username: asSuperuser ? Self.superuser : Self.role,
                                     password: asSuperuser ? superuserPassword : password,
                                     database: asSuperuser ? "postgres" : Self.database, tls: .disable)
    }
}

/// A logger that drops everything, for PostgresNIO calls that want one.
let quietPostgresLogger = Logger(label: "pchat-tests.postgres") { _ in SwiftLogNoOpLogHandler() }

/// Runs a PostgresNIO client (a pool of connections) with `configuration` while `body` uses it, then shuts it down
/// (its `run()` ends when cancelled, closing every connection) however `body` ends.
func withPostgresClient<Result: Sendable>(_ configuration: PostgresClient.Configuration,
                                          _ body: (PostgresClient) async throws -> Result) async throws -> Result {
    let client = PostgresClient(configuration: configuration, backgroundLogger: quietPostgresLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        return try await body(client)
    }
}

extension PostgresRowSequence {
    /// The first column of every row, as `type`.
    func values<Value: PostgresDecodable & Sendable>(_ type: Value.Type) async throws -> [Value] {
        var values: [Value] = []
        for try await value in decode(Value.self) { values.append(value) }
        return values
    }

    /// Every row, its columns as `types` (two or more: PostgresNIO decodes one column with ``values(_:)``).
    func rows<each Column: PostgresDecodable & Sendable>(_ types: (repeat each Column).Type) async throws -> [(repeat each Column)] {
        var rows: [(repeat each Column)] = []
        for try await row in decode(types) { rows.append(row) }
        return rows
    }
}
