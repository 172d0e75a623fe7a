import PersistentChatDirectory
import PersistentChatProtocol

/// The add-ins registered in server.yaml, and the rooms that use one.
extension ServerCore {
    /// Every registered add-in, in server.yaml's order.
    func allAddIns() -> AddInListReply {
        AddInListReply(addIns: catalog.addIns.all)
    }

    /// The rooms the user may see whose add-in is `request.addIn` (ignoring case), by name.
    func rooms(_ request: FindRoomsUsingAddInRequest, user: DirectoryEntry) async throws(ErrorPayload) -> BrowseReply {
        try Self.checkLength(request.addIn, "the add-in name")
        guard let addIn = catalog.addIns.named(request.addIn) else { throw Self.noSuchAddIn(request.addIn, code: .noSuchNode) }
        return await visibleRooms(for: user, limit: nil) { room, _ in
            room.addIn?.lowercased() == addIn.name.lowercased()
        }
    }

    /// The refusal of an add-in name that is not registered: `NoSuchNode` when looked up, `InvalidArgument` when given
    /// to a room.
    static func noSuchAddIn(_ name: String, code: PersistentChatErrorCode) -> ErrorPayload {
        ErrorPayload(code, .noSuchAddIn, "no add-in named '\(name)' is registered")
    }
}
