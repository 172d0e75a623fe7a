import GRDB

extension ChatStore {
    /// Stores a token's hash for `user` until `expiresAt` (ms), drops the tokens that expired by `now`, and keeps
    /// `user`'s `keep` latest-expiring tokens only.
    func insertSessionToken(hash: String, user: String, now: Int64, expiresAt: Int64, keep: Int) async throws {
        try await pool.write { db in
            _ = try Self.pruneSessionTokens(now: now, db)
            try db.execute(sql: "INSERT INTO session_tokens (hash, user, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [hash, user, now, expiresAt])
            try db.execute(sql: """
                DELETE FROM session_tokens WHERE user = ? AND hash NOT IN (
                    SELECT hash FROM session_tokens WHERE user = ? ORDER BY expires_at DESC, created_at DESC LIMIT ?)
                """, arguments: [user, user, keep])
        }
    }

    /// When the token with this hash expires, if it has not by `now`.
    func sessionTokenExpiry(hash: String, now: Int64) async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT expires_at FROM session_tokens WHERE hash = ? AND expires_at > ?", arguments: [hash, now])
        }
    }

    /// The user whose token has this hash, if it has not expired by `now`.
    func sessionTokenUser(hash: String, now: Int64) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT user FROM session_tokens WHERE hash = ? AND expires_at > ?", arguments: [hash, now])
        }
    }

    /// Deletes the token with this hash when it is `user`'s.
    func deleteSessionToken(hash: String, user: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM session_tokens WHERE hash = ? AND user = ?", arguments: [hash, user])
        }
    }

    /// Deletes the tokens that expired by `now`; returns how many.
    @discardableResult
    func pruneSessionTokens(now: Int64) throws -> Int {
        try pool.write { db in try Self.pruneSessionTokens(now: now, db) }
    }

    private static func pruneSessionTokens(now: Int64, _ db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM session_tokens WHERE expires_at <= ?", arguments: [now])
        return db.changesCount
    }
}
