import GRDB

/// Why a preference bundle was not stored.
enum PreferenceWriteError: Error {
    /// The caller's sequence id is not the stored one.
    case stale(stored: Int)
    /// A new label, while the user already keeps `count` bundles, the most allowed.
    case tooManyLabels(count: Int)
}

extension ChatStore {
    /// A user's bundle, as (sequence id, data).
    func preference(of user: String, label: String) async throws -> (Int, String)? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT sequence_id, data FROM preferences WHERE user = ? AND label = ?",
                             arguments: [user, label]).map { ($0["sequence_id"], $0["data"]) }
        }
    }

    /// Stores a bundle if `sequenceId` is the stored one (0 for a new label) and a new label keeps the user within
    /// `maxLabels` bundles; returns the new sequence id.
    func setPreference(of user: String, label: String, sequenceId: Int, data: String, maxLabels: Int = .max) async throws -> Int {
        try await pool.write { db in
            let stored = try Int.fetchOne(db, sql: "SELECT sequence_id FROM preferences WHERE user = ? AND label = ?",
                                          arguments: [user, label]) ?? 0
            guard stored == sequenceId else { throw PreferenceWriteError.stale(stored: stored) }
            if stored == 0 {
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM preferences WHERE user = ?", arguments: [user]) ?? 0
                guard count < maxLabels else { throw PreferenceWriteError.tooManyLabels(count: count) }
            }
            try db.execute(sql: """
                INSERT INTO preferences (user, label, sequence_id, data) VALUES (?, ?, ?, ?)
                ON CONFLICT(user, label) DO UPDATE SET sequence_id = excluded.sequence_id, data = excluded.data
                """, arguments: [user, label, stored + 1, data])
            return stored + 1
        }
    }
}
