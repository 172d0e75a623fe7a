import Synchronization

/// The current catalog, read by every connection and replaced by room management.
final class CatalogState: Sendable {
    private let box: Mutex<RoomCatalog>

    init(_ catalog: RoomCatalog) { box = Mutex(catalog) }

    /// A consistent snapshot.
    var current: RoomCatalog { box.withLock { $0 } }

    /// Replaces the whole catalog (a configuration reload).
    func replace(with catalog: RoomCatalog) { box.withLock { $0 = catalog } }

    /// Stores a room's new state.
    func upsert(_ room: ChatRoomRecord) { box.withLock { $0.upsert(room) } }
}
