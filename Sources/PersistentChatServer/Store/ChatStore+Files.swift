import GRDB

/// A stored file's record.
struct StoredFile: Sendable {
    let id: Int64
    let storageKey: String
    let roomId: Int64
    let name: String
    let size: Int64
    let uploader: String
}

extension ChatStore {
    /// Records a completed upload, not yet posted (``markFilePosted(key:messageId:)`` follows).
    func insertFile(storageKey: String, roomId: Int64, name: String, size: Int64, uploader: String, now: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO files (storage_key, room_id, name, size, uploader, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [storageKey, roomId, name, size, uploader, now])
        }
    }

    /// Notes the message that posted the file.
    func markFilePosted(key: String, messageId: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE files SET message_id = ? WHERE storage_key = ?", arguments: [messageId, key])
        }
    }

    /// Forgets a file record.
    func deleteFile(key: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM files WHERE storage_key = ?", arguments: [key]) }
    }

    /// The file stored under `key`.
    func file(key: String) async throws -> StoredFile? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM files WHERE storage_key = ?", arguments: [key]).map {
                StoredFile(id: $0["id"], storageKey: $0["storage_key"], roomId: $0["room_id"], name: $0["name"],
                           size: $0["size"], uploader: $0["uploader"])
            }
        }
    }
}
