import NIOWebSocket
import PersistentChatDirectory
import PersistentChatProtocol

extension RoomHub {
    /// What a directory change did to live sessions.
    struct SignOuts: Sendable {
        /// Users signed out, with the reason.
        var users: [(user: SIPURI, reason: ErrorPayload)] = []
        /// Connections closed.
        var connections = 0
    }

    /// Signs out every connected user for whom `reason` gives a reason: each of their room sessions ends
    /// (`sessionEnded` with the reason, `participantLeft` to the others) and each of their connections is closed with
    /// code 1008 and the reason, after what was queued for it.
    ///
    /// Runs on the hub, so a connection registered before it is found here, and one registered after it is checked by
    /// its own ``ClientConnection`` against the directory already in force.
    /// `roomURI` gives a room's URI by id (a room's URI never changes).
    func signOut(where reason: (SIPURI) -> ErrorPayload?, roomURI: (Int64) -> ChatRoomURI?) -> SignOuts {
        var result = SignOuts()
        for user in Array(endpoints.keys) {
            guard let reason = reason(user), let outboxes = endpoints[user] else { continue }
            result.users.append((user, reason))
            for (connection, outbox) in outboxes {
                for (roomId, sessions) in rooms where sessions[connection] != nil {
                    guard let uri = roomURI(roomId), leave(roomId: roomId, uri: uri, connection: connection) else { continue }
                    send(.notice(.sessionEnded(SessionEndedNotice(room: uri, reason: reason))), to: outbox)
                }
                outbox.close(.policyViolation, reason: "\(reason.detail): \(reason.message)")
                disconnect(user, connection: connection)
                result.connections += 1
            }
        }
        return result
    }

    /// Applies a directory change to every room that has sessions: each session's rights are worked out again
    /// (group membership and roles may have changed), as after a change of the room's settings. `room` gives a room's
    /// record and category as they are now, read here on the hub so that no room change is overtaken.
    func refreshAll(room: (Int64) -> (ChatRoomRecord, ChatCategory)?,
                    permissions: @escaping @Sendable (DirectoryEntry, ChatRoomRecord, ChatCategory) -> RoomPermissionMap) -> Int {
        var refreshed = 0
        for roomId in Array(rooms.keys) {
            guard let (record, category) = room(roomId) else { continue }
            let reason = ErrorPayload(.errorPermission, .membershipRemoved, "you may no longer be in '\(record.name)'")
            refresh(room: record, category: category, changed: nil,
                    permissions: { permissions($0, record, category) }, ended: reason)
            refreshed += 1
        }
        return refreshed
    }
}
