import Foundation
import GRDB
import Synchronization

/// Whether pchatd can serve (`GET /ready`): its database takes a write within ``writeLimit``, and its directory is
/// loaded and not past its lifetime. One write is tried at a time; a probe that finds one still under way waits for it
/// within the same limit. A write that committed less than ``reuseFor`` ago answers for the database, so a flood of
/// probes on the chat port is not a flood of synced commits.
final class ReadinessProbe: Sendable {
    /// How long the database may take to commit the probe's write.
    static let writeLimit: Duration = .seconds(2)

    /// How long a committed probe write answers for the database.
    static let reuseFor: Duration = .seconds(1)

    private let core: ServerCore
    private let inFlight = Mutex<Task<Void, any Error>?>(nil)
    private let lastCommit = Mutex<ContinuousClock.Instant?>(nil)

    init(core: ServerCore) {
        self.core = core
    }

    /// What is missing, each naming its part; empty when pchatd is ready.
    func missing() async -> [String] {
        var missing: [String] = []
        if let problem = await databaseProblem() { missing.append(problem) }
        if core.access.directories.isExpired {
            missing.append("directory: it could not be read within cache_lifetime, so rights are not known")
        }
        return missing
    }

    /// Nil when a write commits within the limit; otherwise why not.
    private func databaseProblem() async -> String? {
        if let last = lastCommit.withLock({ $0 }), ContinuousClock.now - last < Self.reuseFor { return nil }
        let write = inFlight.withLock { task -> Task<Void, any Error> in
            if let task { return task }
            let pool = core.store.pool
            let started = Task {
                try await pool.write { db in
                    try db.execute(sql: "INSERT OR REPLACE INTO server_meta (key, value) VALUES ('ready_probe', ?)",
                                   arguments: [String(Date().timeIntervalSince1970)])
                }
            }
            task = started
            return started
        }
        let outcome = await withTaskGroup(of: String??.self) { group in
            group.addTask {
                do {
                    try await write.value
                    self.lastCommit.withLock { $0 = .now }
                    return .some(nil)
                } catch {
                    return .some("database: the write failed: \(error)")
                }
            }
            group.addTask {
                try? await Task.sleep(for: Self.writeLimit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        switch outcome {
        case .some(let problem):
            inFlight.withLock { if $0 == write { $0 = nil } }
            return problem
        case .none:
            return "database: no write committed within \(Self.writeLimit.components.seconds) s"
        }
    }
}
