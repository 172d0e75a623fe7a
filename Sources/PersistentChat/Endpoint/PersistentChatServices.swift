/// Browsing, server configuration and history without joining (Lync `PersistentChatServices`).
public struct PersistentChatServices: Sendable {
    let endpoint: PersistentChatEndpoint

    /// The server configuration received when the endpoint was established.
    public var serverConfiguration: PersistentChatServerConfiguration {
        get throws(PersistentChatError) {
            guard let info = endpoint.serverInfo else { throw .invalidState("the endpoint is not established") }
            return PersistentChatServerConfiguration(info)
        }
    }

    /// The domain the server serves.
    public var domainName: String? { endpoint.serverInfo?.domain }

    /// Rooms whose name (and description, if asked) matches `criteria` and that the caller may see.
    ///
    /// - Parameters:
    ///   - matchExactPhrase: treat `criteria` as one phrase; else as space-separated terms.
    ///   - matchAll: with several terms, every one must match (else any).
    ///   - maxResults: negative for all.
    public func browseChatRoomsByCriteria(
        _ criteria: String, searchDescription: Bool = false, matchAll: Bool = false, matchExactPhrase: Bool = false,
        maxResults: Int = -1
    ) async throws(PersistentChatError) -> [ChatRoomSnapshot] {
        let reply = try await endpoint.connectionOrThrow().request(BrowseRequest(
            criteria: criteria, searchDescription: searchDescription, matchAll: matchAll,
            matchExactPhrase: matchExactPhrase, maxResults: maxResults))
        return reply.rooms.map(ChatRoomSnapshot.init)
    }

    /// The last `count` messages of a room the caller may read, oldest first, without joining it.
    public func getRecentChatHistory(room: RoomReference, count: Int) async throws(PersistentChatError) -> [ChatMessage] {
        guard count >= 1 else { throw .invalidArgument("count must be at least 1, got \(count)") }
        let reply = try await endpoint.connectionOrThrow().request(HistoryRequest(room: room, last: count))
        return reply.messages.map(ChatMessage.init)
    }
}
