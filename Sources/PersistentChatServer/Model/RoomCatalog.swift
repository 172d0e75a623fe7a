import PersistentChatProtocol

/// The rooms and categories, looked up by id, URI or name (names are case-insensitive).
struct RoomCatalog: Sendable {
    let categories: [Int64: ChatCategory]
    let rooms: [Int64: ChatRoomRecord]
    private let byURI: [ChatRoomURI: Int64]
    private let byName: [String: Int64]

    init(categories: [ChatCategory], rooms: [ChatRoomRecord]) {
        self.categories = Dictionary(uniqueKeysWithValues: categories.map { ($0.id, $0) })
        self.rooms = Dictionary(uniqueKeysWithValues: rooms.map { ($0.id, $0) })
        byURI = Dictionary(uniqueKeysWithValues: rooms.map { ($0.uri, $0.id) })
        byName = Dictionary(uniqueKeysWithValues: rooms.map { ($0.name.lowercased(), $0.id) })
    }

    /// The room a reference names, with its category.
    func room(_ reference: RoomReference) -> (ChatRoomRecord, ChatCategory)? {
        let id: Int64?
        if let uri = reference.uri {
            id = byURI[uri]
        } else if let name = reference.name {
            id = byName[name.lowercased()]
        } else {
            id = nil
        }
        guard let id, let room = rooms[id], let category = categories[room.categoryId] else { return nil }
        return (room, category)
    }

    /// Rooms in a stable order (by name).
    var allRooms: [(ChatRoomRecord, ChatCategory)] {
        rooms.values.sorted { $0.name.lowercased() < $1.name.lowercased() }.compactMap { room in
            categories[room.categoryId].map { (room, $0) }
        }
    }
}
