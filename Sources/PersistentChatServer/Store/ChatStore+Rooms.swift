import Foundation
import GRDB
import PersistentChatDirectory
import PersistentChatProtocol

extension ChatStore {
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
            // Matched as the configuration loader and the room catalog match names (lowercased): SQLite's NOCASE
            // folds ASCII letters only, so `category: ÉQUIPE` found no `Équipe` and failed on the foreign key.
            var categoryIds: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM categories") {
                categoryIds[(row["name"] as String).lowercased()] = row["id"]
            }
            for room in rooms {
                let categoryId = categoryIds[room.category.lowercased()] ?? 0
                try db.execute(sql: """
                    INSERT INTO rooms (guid, name, description, category_id, privacy, behavior, add_in, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET description = excluded.description, category_id = excluded.category_id,
                        privacy = excluded.privacy, behavior = excluded.behavior, add_in = excluded.add_in,
                        updated_at = excluded.updated_at
                    """, arguments: [UUID().uuidString.lowercased(), room.name, room.description, categoryId,
                                     room.privacy.rawValue, room.behavior.rawValue, room.addIn, now, now])
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

    /// The catalog as stored, with the add-ins `configuration` registers.
    func loadCatalog(_ configuration: ServerConfiguration) throws -> RoomCatalog {
        RoomCatalog(categories: try loadCategories(domain: configuration.domain), rooms: try loadRooms(domain: configuration.domain),
                    addIns: AddInRegistry(configuration.addIns))
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

    /// Every room, with role lists and their audit parsed.
    func loadRooms(domain: String) throws -> [ChatRoomRecord] {
        try pool.read { db in
            var grants: [Int64: [(ChatRoomRecord.RoleGrant, ChatRoomRecord.Audit)]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT room_id, role, principal, added_by, added_at FROM room_roles") {
                guard let role = ChatRoomRole(rawValue: row["role"]) else { continue }
                let grant = ChatRoomRecord.RoleGrant(role: role, principal: try PrincipalReference(parsing: row["principal"]))
                grants[row["room_id"], default: []].append((grant, ChatRoomRecord.Audit(by: row["added_by"], at: row["added_at"])))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM rooms ORDER BY id").map { row in
                let id: Int64 = row["id"]
                let privacy: String = row["privacy"]
                let behavior: String = row["behavior"]
                let invitations: String = row["invitations"]
                let mine = grants[id] ?? []
                func list(_ role: ChatRoomRole) -> [PrincipalReference] {
                    mine.filter { $0.0.role == role }.map(\.0.principal)
                }
                return ChatRoomRecord(
                    id: id, uri: ChatRoomURI(domain: domain, id: UUID(uuidString: row["guid"]) ?? UUID()),
                    name: row["name"], description: row["description"], categoryId: row["category_id"],
                    privacy: ChatRoomPrivacy(rawValue: privacy) ?? .closed,
                    behavior: ChatRoomBehavior(rawValue: behavior) ?? .normal, disabled: row["disabled"],
                    invitations: ChatRoomInvitationSetting(rawValue: invitations) ?? .inherit, addIn: row["add_in"],
                    members: list(.member), managers: list(.manager), presenters: list(.presenter),
                    grants: Dictionary(mine.filter { !$0.1.by.isEmpty }, uniquingKeysWith: { a, _ in a }),
                    created: .init(by: row["created_by"], at: row["created_at"]),
                    updated: .init(by: row["updated_by"], at: row["updated_at"]))
            }
        }
    }

    /// Inserts a new room with its role lists; returns its row id. A duplicate name throws a unique-constraint error.
    func insertRoom(_ room: ChatRoomRecord, _ db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO rooms (guid, name, description, category_id, privacy, behavior, disabled, invitations, add_in,
                               created_by, created_at, updated_by, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [room.uri.id.uuidString.lowercased(), room.name, room.description, room.categoryId,
                             room.privacy.rawValue, room.behavior.rawValue, room.disabled, room.invitations.rawValue,
                             room.addIn, room.created.by, room.created.at, room.updated.by, room.updated.at])
        let id = db.lastInsertedRowID
        try writeRoles(of: room, id: id, db)
        return id
    }

    /// Writes a room's settings and replaces its role lists.
    func updateRoom(_ room: ChatRoomRecord, _ db: Database) throws {
        try db.execute(sql: """
            UPDATE rooms SET name = ?, description = ?, category_id = ?, privacy = ?, behavior = ?, disabled = ?,
                             invitations = ?, add_in = ?, updated_by = ?, updated_at = ?
            WHERE id = ?
            """, arguments: [room.name, room.description, room.categoryId, room.privacy.rawValue, room.behavior.rawValue,
                             room.disabled, room.invitations.rawValue, room.addIn, room.updated.by, room.updated.at, room.id])
        try db.execute(sql: "DELETE FROM room_roles WHERE room_id = ?", arguments: [room.id])
        try writeRoles(of: room, id: room.id, db)
    }

    private func writeRoles(of room: ChatRoomRecord, id: Int64, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO room_roles (room_id, role, principal, added_by, added_at) VALUES (?, ?, ?, ?, ?)
            """)
        for role in [ChatRoomRole.member, .manager, .presenter] {
            for principal in room.holders(of: role) {
                let audit = room.grants[.init(role: role, principal: principal)]
                try insert.execute(arguments: [id, role.rawValue, principal.description, audit?.by ?? "", audit?.at ?? 0])
            }
        }
    }
}
