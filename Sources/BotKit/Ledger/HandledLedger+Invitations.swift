import Foundation
import GRDB
import PersistentChat

/// The rooms each endpoint joined through invitations, so a restarted host goes back to them, and the last invitation
/// each endpoint has considered, so none is considered twice.
extension HandledLedger {
    /// A room joined through an invitation.
    struct InvitedRoom: Sendable, Equatable {
        var uri: ChatRoomURI
        var name: String
    }

    func rememberInvitedRoom(_ room: InvitedRoom, endpoint: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO invited_rooms (endpoint, room, name, accepted_at) VALUES (?, ?, ?, ?)",
                           arguments: [endpoint, room.uri.description, room.name, Date().timeIntervalSince1970])
        }
    }

    func forgetInvitedRoom(_ uri: ChatRoomURI, endpoint: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM invited_rooms WHERE endpoint = ? AND room = ?", arguments: [endpoint, uri.description])
        }
    }

    /// The endpoint's invited rooms, in the order they were accepted.
    func invitedRooms(endpoint: String) throws -> [InvitedRoom] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT room, name FROM invited_rooms WHERE endpoint = ? ORDER BY accepted_at",
                             arguments: [endpoint]).compactMap { row in
                ChatRoomURI(row["room"] as String).map { InvitedRoom(uri: $0, name: row["name"]) }
            }
        }
    }

    /// The id of the last invitation the endpoint considered (0: none).
    func lastInvitationId(endpoint: String) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT last_id FROM invitation_cursor WHERE endpoint = ?", arguments: [endpoint]) ?? 0
        }
    }

    func setLastInvitationId(_ id: Int, endpoint: String) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO invitation_cursor (endpoint, last_id) VALUES (?, ?)
                ON CONFLICT (endpoint) DO UPDATE SET last_id = max(last_id, excluded.last_id)
                """, arguments: [endpoint, id])
        }
    }
}
