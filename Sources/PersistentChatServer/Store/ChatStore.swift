import Foundation
import GRDB
import PersistentChatDirectory
import PersistentChatProtocol

/// A post waiting to be committed.
struct PendingPost: Sendable {
    let roomId: Int64
    let author: SIPURI
    let text: String
    let alert: Bool
    let clientMessageId: String?
    /// False for rooms whose category keeps no history: the id is allocated, the text is not kept.
    let keep: Bool
}

/// What committing a post did.
enum CommitOutcome: Sendable, Equatable {
    /// Stored now with this id and timestamp.
    case stored(id: Int64, ts: Int64)
    /// Stored earlier under the same client message id.
    case duplicate(id: Int64, ts: Int64)
}

/// A message read back from the database.
struct StoredMessage: Sendable {
    let id: Int64
    let roomId: Int64
    let author: String
    let text: String
    let alert: Bool
    let ts: Int64
    let clientMessageId: String?
}

/// The SQLite database (WAL, synchronous FULL): rooms, roles and messages.
final class ChatStore: Sendable {
    let pool: DatabasePool
    /// The database's identity, reported as `databaseVersion`.
    let databaseId: String
    /// The root category's URI, stable across restarts.
    let rootCategoryId: UUID

    /// Opens (creating when missing) the database at `path` and runs migrations.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try StoreSchema.migrator.migrate(pool)
        (databaseId, rootCategoryId) = try pool.write { db in
            func meta(_ key: String) throws -> String {
                if let value = try String.fetchOne(db, sql: "SELECT value FROM server_meta WHERE key = ?", arguments: [key]) {
                    return value
                }
                let value = UUID().uuidString.lowercased()
                try db.execute(sql: "INSERT INTO server_meta (key, value) VALUES (?, ?)", arguments: [key, value])
                return value
            }
            let database = try meta("database_id")
            let root = UUID(uuidString: try meta("root_category")) ?? UUID()
            return (database, root)
        }
    }

    // MARK: Categories and rooms

    /// Creates missing categories and rooms from the configuration and applies configured settings and role lists.
    func reconcile(categories: [CategoryDefinition], rooms: [RoomDefinition], now: Int64) throws {
        try pool.write { db in
            for category in categories {
                try db.execute(sql: """
                    INSERT INTO categories (guid, name, description, invitations, file_upload, history)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET description = excluded.description,
                        invitations = excluded.invitations, file_upload = excluded.file_upload, history = excluded.history
                    """, arguments: [UUID().uuidString.lowercased(), category.name, category.description,
                                     category.invitations, category.fileUpload, category.history])
                let id = try Int64.fetchOne(db, sql: "SELECT id FROM categories WHERE name = ?", arguments: [category.name]) ?? 0
                try db.execute(sql: "DELETE FROM category_principals WHERE category_id = ?", arguments: [id])
                for (kind, list) in [("scope", category.scope), ("creator", category.creators)] {
                    for principal in Set(list) {
                        try db.execute(sql: "INSERT INTO category_principals (category_id, kind, principal) VALUES (?, ?, ?)",
                                       arguments: [id, kind, principal])
                    }
                }
            }
            for room in rooms {
                let categoryId = try Int64.fetchOne(db, sql: "SELECT id FROM categories WHERE name = ?", arguments: [room.category]) ?? 0
                try db.execute(sql: """
                    INSERT INTO rooms (guid, name, description, category_id, privacy, behavior, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET description = excluded.description, category_id = excluded.category_id,
                        privacy = excluded.privacy, behavior = excluded.behavior, updated_at = excluded.updated_at
                    """, arguments: [UUID().uuidString.lowercased(), room.name, room.description, categoryId,
                                     room.privacy.rawValue, room.behavior.rawValue, now, now])
                let id = try Int64.fetchOne(db, sql: "SELECT id FROM rooms WHERE name = ?", arguments: [room.name]) ?? 0
                try db.execute(sql: "DELETE FROM room_roles WHERE room_id = ?", arguments: [id])
                for (role, list) in [("member", room.members), ("manager", room.managers), ("presenter", room.presenters)] {
                    for principal in Set(list) {
                        try db.execute(sql: "INSERT INTO room_roles (room_id, role, principal) VALUES (?, ?, ?)",
                                       arguments: [id, role, principal])
                    }
                }
            }
        }
    }

    /// Every category, with principals parsed.
    func loadCategories(domain: String) throws -> [ChatCategory] {
        try pool.read { db in
            let principals = try Row.fetchAll(db, sql: "SELECT category_id, kind, principal FROM category_principals")
            return try Row.fetchAll(db, sql: "SELECT * FROM categories ORDER BY id").map { row in
                let id: Int64 = row["id"]
                let mine = principals.filter { ($0["category_id"] as Int64) == id }
                func list(_ kind: String) throws -> [PrincipalReference] {
                    try mine.filter { ($0["kind"] as String) == kind }.map { try PrincipalReference(parsing: $0["principal"]) }
                }
                return ChatCategory(
                    id: id, uri: CategoryURI(domain: domain, id: UUID(uuidString: row["guid"]) ?? UUID()),
                    name: row["name"], description: row["description"], scope: try list("scope"),
                    creators: try list("creator"), invitations: row["invitations"], fileUpload: row["file_upload"],
                    history: row["history"])
            }
        }
    }

    /// Every room, with role lists parsed.
    func loadRooms(domain: String) throws -> [ChatRoomRecord] {
        try pool.read { db in
            var roles: [Int64: [String: [PrincipalReference]]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT room_id, role, principal FROM room_roles") {
                roles[row["room_id"], default: [:]][row["role"], default: []].append(try PrincipalReference(parsing: row["principal"]))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM rooms ORDER BY id").map { row in
                let id: Int64 = row["id"]
                let privacy: String = row["privacy"]
                let behavior: String = row["behavior"]
                return ChatRoomRecord(
                    id: id, uri: ChatRoomURI(domain: domain, id: UUID(uuidString: row["guid"]) ?? UUID()),
                    name: row["name"], description: row["description"], categoryId: row["category_id"],
                    privacy: ChatRoomPrivacy(rawValue: privacy) ?? .closed,
                    behavior: ChatRoomBehavior(rawValue: behavior) ?? .normal, disabled: row["disabled"],
                    members: roles[id]?["member"] ?? [], managers: roles[id]?["manager"] ?? [],
                    presenters: roles[id]?["presenter"] ?? [])
            }
        }
    }

    // MARK: Messages

    /// Commits a batch of posts in one transaction; each gets its outcome, in order.
    func commit(_ posts: [PendingPost], now: Int64) async throws -> [CommitOutcome] {
        try await pool.write { db in
            let find = try db.cachedStatement(sql: """
                SELECT id, ts FROM messages WHERE room_id = ? AND author = ? AND client_message_id = ?
                """)
            let insert = try db.cachedStatement(sql: """
                INSERT INTO messages (room_id, author, text, alert, ts, client_message_id) VALUES (?, ?, ?, ?, ?, ?)
                """)
            let forget = try db.cachedStatement(sql: "DELETE FROM messages WHERE id = ?")
            var outcomes: [CommitOutcome] = []
            outcomes.reserveCapacity(posts.count)
            for post in posts {
                if let clientId = post.clientMessageId,
                   let row = try Row.fetchOne(find, arguments: [post.roomId, post.author.value, clientId]) {
                    outcomes.append(.duplicate(id: row["id"], ts: row["ts"]))
                    continue
                }
                try insert.execute(arguments: [post.roomId, post.author.value, post.text, post.alert, now, post.clientMessageId])
                let id = db.lastInsertedRowID
                if !post.keep {
                    // AUTOINCREMENT never reuses the id, so ids stay unique and increasing.
                    try forget.execute(arguments: [id])
                }
                outcomes.append(.stored(id: id, ts: now))
            }
            return outcomes
        }
    }

    /// The last `count` messages of a room, oldest first.
    func recentMessages(roomId: Int64, count: Int) async throws -> [StoredMessage] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, room_id, author, text, alert, ts, client_message_id FROM messages
                WHERE room_id = ? ORDER BY id DESC LIMIT ?
                """, arguments: [roomId, count]).reversed().map(Self.message)
        }
    }

    private static func message(_ row: Row) -> StoredMessage {
        StoredMessage(id: row["id"], roomId: row["room_id"], author: row["author"], text: row["text"],
                      alert: row["alert"], ts: row["ts"], clientMessageId: row["client_message_id"])
    }
}
