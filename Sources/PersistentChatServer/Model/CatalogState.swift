import NIOConcurrencyHelpers

/// The current catalog, read by every connection and replaced by room management.
final class CatalogState: Sendable {
    private let box: NIOLockedValueBox<RoomCatalog>

    init(_ catalog: RoomCatalog) { box = NIOLockedValueBox(catalog) }

    /// A consistent snapshot.
    var current: RoomCatalog { box.withLockedValue { $0 } }

    /// Stores a room's new state.
    func upsert(_ room: ChatRoomRecord) { box.withLockedValue { $0.upsert(room) } }
}
