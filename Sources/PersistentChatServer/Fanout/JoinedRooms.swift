import Synchronization
import PersistentChatProtocol

/// The rooms one connection has joined, with what it may do in each; updated by room management when settings
/// or roles change, read by the connection on every post.
final class JoinedRooms: Sendable {
    struct Entry: Sendable {
        var room: ChatRoomRecord
        var category: ChatCategory
        var permissions: RoomPermissionMap
    }

    private let box = Mutex<[ChatRoomURI: Entry]>([:])

    func entry(_ uri: ChatRoomURI) -> Entry? { box.withLock { $0[uri] } }

    /// Records a join; false when the room was already joined.
    func insert(_ entry: Entry) -> Bool {
        box.withLock { rooms in
            guard rooms[entry.room.uri] == nil else { return false }
            rooms[entry.room.uri] = entry
            return true
        }
    }

    func update(_ entry: Entry) { box.withLock { if $0[entry.room.uri] != nil { $0[entry.room.uri] = entry } } }

    @discardableResult
    func remove(_ uri: ChatRoomURI) -> Entry? { box.withLock { $0.removeValue(forKey: uri) } }

    func removeAll() -> [Entry] {
        box.withLock { rooms in
            defer { rooms.removeAll() }
            return Array(rooms.values)
        }
    }
}
