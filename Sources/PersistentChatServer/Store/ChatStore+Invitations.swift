import GRDB

/// An invitation as stored: per-user sequential id, room, time, and who made the change that sent it.
struct StoredInvitation: Sendable {
    let user: String
    let id: Int
    let roomId: Int64
    let createdAt: Int64
    /// The SIP URI of the manager or creator whose change made the user a member; nil for older invitations.
    let invitedBy: String?
}

extension ChatStore {
    /// Records an invitation to `roomId` for each user, sent by `invitedBy`, with the next sequential id per user.
    func addInvitations(users: [String], roomId: Int64, now: Int64, invitedBy: String, _ db: Database) throws -> [StoredInvitation] {
        let next = try db.cachedStatement(sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM invitations WHERE user = ?")
        let insert = try db.cachedStatement(sql: "INSERT INTO invitations (user, id, room_id, created_at, invited_by) VALUES (?, ?, ?, ?, ?)")
        var made: [StoredInvitation] = []
        for user in users {
            let id = try Int.fetchOne(next, arguments: [user]) ?? 1
            try insert.execute(arguments: [user, id, roomId, now, invitedBy])
            made.append(StoredInvitation(user: user, id: id, roomId: roomId, createdAt: now, invitedBy: invitedBy))
        }
        return made
    }

    /// A user's invitations with ids above `since`, oldest first, at most `limit`.
    func invitations(of user: String, since: Int, limit: Int) async throws -> [StoredInvitation] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT user, id, room_id, created_at, invited_by FROM invitations WHERE user = ? AND id > ? ORDER BY id LIMIT ?
                """, arguments: [user, since, limit]).map {
                StoredInvitation(user: $0["user"], id: $0["id"], roomId: $0["room_id"], createdAt: $0["created_at"],
                                 invitedBy: $0["invited_by"])
            }
        }
    }
}
