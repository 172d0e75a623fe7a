import PersistentChatProtocol

/// The rooms, categories and add-ins, looked up by id, URI or name (names are case-insensitive).
struct RoomCatalog: Sendable {
    private(set) var categories: [Int64: ChatCategory]
    /// The add-ins rooms may name.
    let addIns: AddInRegistry
    private(set) var rooms: [Int64: ChatRoomRecord]
    private var byURI: [ChatRoomURI: Int64]
    private var byName: [String: Int64]
    private var categoriesByURI: [CategoryURI: Int64]

    init(categories: [ChatCategory], rooms: [ChatRoomRecord], addIns: AddInRegistry = AddInRegistry()) {
        self.addIns = addIns
        self.categories = Dictionary(uniqueKeysWithValues: categories.map { ($0.id, $0) })
        self.rooms = Dictionary(uniqueKeysWithValues: rooms.map { ($0.id, $0) })
        byURI = Dictionary(uniqueKeysWithValues: rooms.map { ($0.uri, $0.id) })
        // SQLite's NOCASE folds ASCII only, so two stored names may fold to one here: the first (oldest) wins.
        byName = Dictionary(rooms.map { ($0.name.lowercased(), $0.id) }, uniquingKeysWith: { first, _ in first })
        categoriesByURI = Dictionary(uniqueKeysWithValues: categories.map { ($0.uri, $0.id) })
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

    /// The room named `name` (case-insensitive), if any.
    func room(named name: String) -> ChatRoomRecord? {
        byName[name.lowercased()].flatMap { rooms[$0] }
    }

    /// The category with this URI.
    func category(_ uri: CategoryURI) -> ChatCategory? {
        categoriesByURI[uri].flatMap { categories[$0] }
    }

    /// Rooms in a stable order (by name).
    var allRooms: [(ChatRoomRecord, ChatCategory)] {
        rooms.values.sorted { $0.name.lowercased() < $1.name.lowercased() }.compactMap { room in
            categories[room.categoryId].map { (room, $0) }
        }
    }

    /// Categories in a stable order (by name).
    var allCategories: [ChatCategory] {
        categories.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// A room's snapshot for browse and join, with its add-in when one of that name is registered.
    func snapshot(_ room: ChatRoomRecord, _ category: ChatCategory, participants: Int) -> RoomSnapshotPayload {
        RoomSnapshotPayload(uri: room.uri, name: room.name, description: room.description, category: category.uri,
                            categoryName: category.name, privacy: room.privacy, behavior: room.behavior,
                            participants: participants, addIn: addIns.named(room.addIn))
    }

    /// Adds or replaces a room (its name may have changed).
    mutating func upsert(_ room: ChatRoomRecord) {
        if let old = rooms[room.id] { byName[old.name.lowercased()] = nil }
        rooms[room.id] = room
        byURI[room.uri] = room.id
        byName[room.name.lowercased()] = room.id
    }
}
