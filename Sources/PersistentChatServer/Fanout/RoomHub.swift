import CoreMetrics
import NIOCore
import PersistentChatDirectory
import PersistentChatProtocol

/// Who is connected and who is joined to which room; delivers each encoded frame to every joined session.
///
/// Above the participant update limit a room's roster goes quiet: joins and leaves are no longer announced and
/// joiners get no roster, until the room falls below 80 % of the limit.
actor RoomHub {
    struct Session: Sendable {
        let outbox: Outbox
        var participant: ParticipantPayload
        let user: DirectoryEntry
        let joined: JoinedRooms
    }

    private(set) var rooms: [Int64: [Int: Session]] = [:]
    private(set) var endpoints: [SIPURI: [Int: Outbox]] = [:]
    private var quietRooms: Set<Int64> = []
    private let participantUpdateLimit: Int
    private let codec = FrameCodec()
    /// Counts each message handed to a session.
    private let deliveries: Counter?

    init(participantUpdateLimit: Int, deliveries: Counter? = nil) {
        self.participantUpdateLimit = participantUpdateLimit
        self.deliveries = deliveries
    }

    /// Signed-in endpoints, distinct users among them, and joined sessions, now.
    var heldCounts: (endpoints: Int, users: Int, sessions: Int) {
        (endpoints.values.reduce(0) { $0 + $1.count }, endpoints.count, rooms.values.reduce(0) { $0 + $1.count })
    }

    // MARK: Endpoints

    /// Registers an established connection, for notices addressed to its user.
    func connect(_ user: SIPURI, outbox: Outbox) { endpoints[user, default: [:]][outbox.id] = outbox }

    func disconnect(_ user: SIPURI, connection: Int) {
        endpoints[user]?[connection] = nil
        if endpoints[user]?.isEmpty == true { endpoints[user] = nil }
    }

    /// Sends a frame to every connection of `user`.
    func send(_ frame: ServerFrame, to user: SIPURI) {
        guard let outboxes = endpoints[user], let text = try? codec.encode(frame) else { return }
        let buffer = ByteBuffer(string: text)
        for outbox in outboxes.values { outbox.send(buffer) }
    }

    // MARK: Rooms

    /// The result of a join.
    enum JoinOutcome: Sendable {
        /// Joined; the roster including the newcomer, or nil when the room is over the participant update limit.
        case admitted(roster: [ParticipantPayload]?)
        /// The room changed since the caller looked: they may not join any more.
        case refused
    }

    /// Adds a session and tells the others. `admit` computes the session's rights from the current catalog here, on
    /// the hub, so a change published before this join is seen by it, and one published after it finds the session.
    func join(roomId: Int64, uri: ChatRoomURI, session: Session,
              admit: @Sendable (DirectoryEntry) -> JoinedRooms.Entry?) -> JoinOutcome {
        guard let entry = admit(session.user), entry.permissions.contains(.canJoin) else { return .refused }
        session.joined.update(entry)
        var session = session
        session.participant.isManager = entry.permissions.contains(.canManageRoom)
        session.participant.isPresenter = entry.permissions.contains(.canAuditoriumChat)
        if rooms[roomId]?[session.outbox.id] == nil {
            let count = (rooms[roomId]?.count ?? 0) + 1
            if count > participantUpdateLimit { quietRooms.insert(roomId) }
            if !quietRooms.contains(roomId) {
                broadcast(roomId: roomId, .notice(.participantJoined(ParticipantNotice(room: uri, participant: session.participant))))
            }
            rooms[roomId, default: [:]][session.outbox.id] = session
        }
        return .admitted(roster: quietRooms.contains(roomId) ? nil : roster(roomId: roomId))
    }

    /// Removes a session; false when it was not joined. Tells the others.
    @discardableResult
    func leave(roomId: Int64, uri: ChatRoomURI, connection: Int) -> Bool {
        guard let session = rooms[roomId]?.removeValue(forKey: connection) else { return false }
        session.joined.remove(uri)
        let count = rooms[roomId]?.count ?? 0
        if count == 0 { rooms[roomId] = nil }
        if quietRooms.contains(roomId), Double(count) < Double(participantUpdateLimit) * 0.8 { quietRooms.remove(roomId) }
        if !quietRooms.contains(roomId) {
            broadcast(roomId: roomId, .notice(.participantLeft(ParticipantNotice(room: uri, participant: session.participant))))
        }
        return true
    }

    /// Joined counts for many rooms.
    func counts() -> [Int64: Int] { rooms.mapValues(\.count) }

    /// The roster: each joined user once.
    func roster(roomId: Int64) -> [ParticipantPayload] {
        var seen = Set<SIPURI>()
        return (rooms[roomId]?.values.map(\.participant) ?? []).filter { seen.insert($0.uri).inserted }
            .sorted { $0.uri.value < $1.uri.value }
    }

    /// Rooms where `user` has at least one session.
    func rooms(joinedBy user: SIPURI) -> Set<Int64> {
        Set(rooms.compactMap { id, sessions in sessions.values.contains { $0.participant.uri == user } ? id : nil })
    }

    /// Applies a room's new settings to its sessions: recomputes each one's permissions, ends the sessions that may
    /// no longer be there, announces privilege changes, and sends `changed` to everyone still joined.
    func refresh(room: ChatRoomRecord, category: ChatCategory, changed: RoomChangedNotice?,
                 permissions: @Sendable (DirectoryEntry) -> RoomPermissionMap, ended reason: ErrorPayload) {
        guard let sessions = rooms[room.id] else { return }
        for (id, var session) in sessions {
            let map = permissions(session.user)
            guard map.contains(.canJoin) else {
                leave(roomId: room.id, uri: room.uri, connection: id)
                send(.notice(.sessionEnded(SessionEndedNotice(room: room.uri, reason: reason))), to: session.outbox)
                continue
            }
            session.joined.update(JoinedRooms.Entry(room: room, category: category, permissions: map))
            let isManager = map.contains(.canManageRoom)
            let isPresenter = map.contains(.canAuditoriumChat)
            if isManager != session.participant.isManager || isPresenter != session.participant.isPresenter {
                session.participant.isManager = isManager
                session.participant.isPresenter = isPresenter
                rooms[room.id]?[id] = session
                broadcast(roomId: room.id, .notice(.privilegeChanged(ParticipantNotice(room: room.uri, participant: session.participant))))
            }
        }
        if let changed { broadcast(roomId: room.id, .notice(.roomChanged(changed))) }
    }

    /// Delivers an already encoded frame to every session in the room.
    func deliver(roomId: Int64, frame: ByteBuffer) {
        guard let sessions = rooms[roomId] else { return }
        Outbox.send(frame, toAll: sessions.values.lazy.map(\.outbox))
        deliveries?.increment(by: sessions.count)
    }

    /// Delivers several rooms' frames, in order.
    func deliver(_ frames: [(roomId: Int64, frame: ByteBuffer)]) {
        for item in frames { deliver(roomId: item.roomId, frame: item.frame) }
    }

    func send(_ frame: ServerFrame, to outbox: Outbox) {
        guard let text = try? codec.encode(frame) else { return }
        outbox.send(ByteBuffer(string: text))
    }

    private func broadcast(roomId: Int64, _ frame: ServerFrame) {
        guard let sessions = rooms[roomId], !sessions.isEmpty, let text = try? codec.encode(frame) else { return }
        Outbox.send(ByteBuffer(string: text), toAll: sessions.values.lazy.map(\.outbox))
    }
}
