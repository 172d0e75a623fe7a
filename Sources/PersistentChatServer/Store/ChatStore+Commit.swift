import GRDB

/// Storing posts: one transaction per batch, indexed in one statement.
extension ChatStore {
    /// Commits a batch of posts in one transaction; each gets its outcome, in order.
    ///
    /// It blocks the calling thread for the write and its fsync: the committer calls it from its one flushing task,
    /// which saves the two thread hand-offs of GRDB's asynchronous write on every commit.
    ///
    /// The batch's messages enter the full-text index in one statement at the end (see `HistorySearchSchema`): FTS5
    /// writes its pending terms out at the end of every statement that touches it, so a statement per message made a
    /// segment per message. A post to a room that keeps no history takes the next id and is never stored.
    func commit(_ posts: [PendingPost], now: Int64) throws -> [CommitOutcome] {
        defer { commits.withLock { $0 += 1 } }
        return try pool.writeWithoutTransaction { db in
            if logRestartWanted.withLock({ wanted in defer { wanted = false }; return wanted }) {
                // Copies what the last background checkpoint left; the transaction below then begins on a wholly
                // copied log, which SQLite rewinds. Nothing is lost if it cannot (a reader holds an old snapshot).
                _ = try? db.checkpoint(.passive)
            }
            var outcomes: [CommitOutcome] = []
            try db.inTransaction(.immediate) {
                outcomes = try Self.store(posts, now: now, in: db)
                return .commit
            }
            return outcomes
        }
    }

    /// Stores `posts` in the open transaction and indexes them; each gets its outcome, in order.
    private static func store(_ posts: [PendingPost], now: Int64, in db: Database) throws -> [CommitOutcome] {
        let find = try db.cachedStatement(sql: """
            SELECT id, ts FROM messages WHERE room_id = ? AND author = ? AND client_message_id = ?
            """)
        // A post whose client id the room already has is a resend: the unique index `messages_by_client_id` refuses
        // it here, and the stored message is looked up only then (one index probe per new post, not two).
        let insert = try db.cachedStatement(sql: """
            INSERT INTO messages (room_id, author, text, alert, ts, client_message_id, story_title, parts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (room_id, author, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING
            """)
        var outcomes: [CommitOutcome] = []
        outcomes.reserveCapacity(posts.count)
        var firstStored: Int64?, lastStored: Int64 = 0
        for post in posts {
            guard post.keep else {
                // Unkept posts are never stored, but a room that kept history before may hold the same client id.
                if let clientId = post.clientMessageId,
                   let row = try Row.fetchOne(find, arguments: [post.roomId, post.author.value, clientId]) {
                    outcomes.append(.duplicate(id: row["id"], ts: row["ts"]))
                } else {
                    outcomes.append(.stored(id: try Self.takeMessageId(db), ts: now))
                }
                continue
            }
            try insert.execute(arguments: [post.roomId, post.author.value, post.text, post.alert, now, post.clientMessageId,
                                           post.storyTitle, post.parts])
            guard db.changesCount > 0 else {
                guard let clientId = post.clientMessageId,
                      let row = try Row.fetchOne(find, arguments: [post.roomId, post.author.value, clientId]) else {
                    throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "a refused post has no stored twin")
                }
                outcomes.append(.duplicate(id: row["id"], ts: row["ts"]))
                continue
            }
            let id = db.lastInsertedRowID
            firstStored = firstStored ?? id
            lastStored = id
            outcomes.append(.stored(id: id, ts: now))
        }
        if let firstStored { try HistorySearchSchema.indexMessages(firstStored...lastStored, in: db) }
        return outcomes
    }

    /// The next message id, taken without storing a row: ids stay unique and increasing across stored and unstored
    /// messages, as `AUTOINCREMENT` keeps its high-water mark in `sqlite_sequence`.
    private static func takeMessageId(_ db: Database) throws -> Int64 {
        let bump = try db.cachedStatement(sql: """
            UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(id), 0) FROM messages)) + 1
            WHERE name = 'messages' RETURNING seq
            """)
        if let id = try Int64.fetchOne(bump) { return id }
        // No message was ever stored: the sequence has no row yet.
        let first = try db.cachedStatement(sql: """
            INSERT INTO sqlite_sequence (name, seq) VALUES ('messages', (SELECT coalesce(max(id), 0) FROM messages) + 1)
            RETURNING seq
            """)
        guard let id = try Int64.fetchOne(first) else {
            throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "no message id could be taken")
        }
        return id
    }
}
