import GRDB

/// A file record as the start-up check sees it.
struct FileRecord: Sendable {
    let storageKey: String
    let roomId: Int64
    let name: String
    let uploader: String
    /// Nil while the upload had not been posted.
    let messageId: Int64?
}

extension ChatStore {
    /// Every file record (read once at start).
    func allFileRecords() throws -> [FileRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT storage_key, room_id, name, uploader, message_id FROM files").map {
                FileRecord(storageKey: $0["storage_key"], roomId: $0["room_id"], name: $0["name"], uploader: $0["uploader"],
                           messageId: $0["message_id"])
            }
        }
    }

    /// The message of `file`'s uploader in its room whose parts name the file's key (a generated UUID), if any.
    func messagePosting(_ file: FileRecord) throws -> Int64? {
        try pool.read { db in
            // instr, not LIKE: the key is matched as it is. The parts hold the URI as JSON, with its slashes escaped.
            try Int64.fetchOne(db, sql: """
                SELECT id FROM messages WHERE room_id = ? AND author = ? AND parts IS NOT NULL AND instr(parts, ?) > 0
                ORDER BY id LIMIT 1
                """, arguments: [file.roomId, file.uploader, file.storageKey])
        }
    }

    /// Notes the message that posted a file, at start.
    func markFilePostedNow(key: String, messageId: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE files SET message_id = ? WHERE storage_key = ?", arguments: [messageId, key])
        }
    }

    /// Forgets file records, at start.
    func deleteFileRecords(keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try pool.write { db in
            for key in keys { try db.execute(sql: "DELETE FROM files WHERE storage_key = ?", arguments: [key]) }
        }
    }
}
