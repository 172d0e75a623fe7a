import PersistentChatProtocol

/// Commands whose quota is counted around the work they do.
extension ServerCore {
    /// Creates a room, counted against the caller's `rooms_per_hour`; a room that is not created is not counted.
    func createRoom(_ request: CreateRoomRequest, caller: Caller) async throws(ErrorPayload) -> CreateRoomReply {
        try quotas.takeRoomCreation(caller.uri)
        do {
            return try await management.create(request, caller: caller, rootCategory: rootCategory)
        } catch {
            quotas.refundRoomCreation(caller.uri)
            throw error
        }
    }
}
