import NIOCore
import PersistentChatProtocol

/// Who is joined to which room; delivers each encoded frame to every joined session.
actor RoomHub {
    struct Session: Sendable {
        let outbox: Outbox
        let participant: ParticipantPayload
    }

    private var rooms: [Int64: [Int: Session]] = [:]
    private let codec = FrameCodec()

    /// Adds a session, tells the others, and returns the roster including the newcomer.
    func join(roomId: Int64, uri: ChatRoomURI, session: Session) -> [ParticipantPayload] {
        if rooms[roomId]?[session.outbox.id] == nil {
            broadcast(roomId: roomId, .notice(.participantJoined(ParticipantNotice(room: uri, participant: session.participant))))
            rooms[roomId, default: [:]][session.outbox.id] = session
        }
        return roster(roomId: roomId)
    }

    /// Removes a session; false when it was not joined. Tells the others.
    @discardableResult
    func leave(roomId: Int64, uri: ChatRoomURI, connection: Int) -> Bool {
        guard let session = rooms[roomId]?.removeValue(forKey: connection) else { return false }
        if rooms[roomId]?.isEmpty == true { rooms[roomId] = nil }
        broadcast(roomId: roomId, .notice(.participantLeft(ParticipantNotice(room: uri, participant: session.participant))))
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

    /// Delivers an already encoded frame to every session in the room.
    func deliver(roomId: Int64, frame: ByteBuffer) {
        guard let sessions = rooms[roomId] else { return }
        for session in sessions.values { session.outbox.send(frame) }
    }

    /// Delivers several rooms' frames, in order.
    func deliver(_ frames: [(roomId: Int64, frame: ByteBuffer)]) {
        for item in frames { deliver(roomId: item.roomId, frame: item.frame) }
    }

    private func broadcast(roomId: Int64, _ frame: ServerFrame) {
        guard let sessions = rooms[roomId], !sessions.isEmpty, let text = try? codec.encode(frame) else { return }
        let buffer = ByteBuffer(string: text)
        for session in sessions.values { session.outbox.send(buffer) }
    }
}
