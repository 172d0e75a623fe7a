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

    /// The last `count` messages of a room the caller may read, oldest first, without joining it; with `before`, the
    /// last `count` whose id is below it (the page before the oldest message a client holds).
    public func getRecentChatHistory(room: RoomReference, count: Int, before: Int64? = nil) async throws(PersistentChatError) -> [ChatMessage] {
        guard count >= 1 else { throw .invalidArgument("count must be at least 1, got \(count)") }
        let reply = try await endpoint.connectionOrThrow().request(HistoryRequest(room: room, last: count, before: before))
        return reply.messages.map(ChatMessage.init)
    }

    /// Room management: create, update, roles, categories.
    public var chatRoomManagementServices: ChatRoomManagementServices { ChatRoomManagementServices(endpoint: endpoint) }

    /// Finding and reading users and groups.
    public var userServices: PersistentChatUserServices { PersistentChatUserServices(endpoint: endpoint) }

    /// The root category's URI (rooms are never created there).
    public var rootCategoryUri: CategoryURI? { endpoint.serverInfo?.rootCategory }

    private func request<Command: ChatCommand>(_ command: Command) async throws(PersistentChatError) -> Command.Reply {
        try await endpoint.connectionOrThrow().request(command)
    }

    /// Rooms matching every filter given (nil: not filtered). `invitations` is matched only when `searchInvitations`.
    public func browseChatRoomsByFilterCriteria(_ filter: BrowseFilterRequest) async throws(PersistentChatError) -> [ChatRoomSnapshot] {
        try await request(filter).rooms.map(ChatRoomSnapshot.init)
    }

    /// The rooms of a category that the caller may see.
    public func browseChatRoomsByCategoryUri(_ category: CategoryURI, maxResults: Int = -1) async throws(PersistentChatError) -> [ChatRoomSnapshot] {
        try await request(BrowseCategoryRequest(category: category, maxResults: maxResults)).rooms.map(ChatRoomSnapshot.init)
    }

    /// Invitations with ids above `since`, and the id to pass next time.
    public func browseChatRoomsByInvitations(since lastInviteId: Int) async throws(PersistentChatError) -> (invitations: [ChatRoomInvitation], lastInviteId: Int) {
        let reply = try await request(BrowseInvitationsRequest(since: lastInviteId))
        return (reply.invitations.map(ChatRoomInvitation.init), reply.lastInviteId)
    }

    /// Rooms a user is joined to now, as far as the caller may see them.
    public func browseChatRoomsByJoinedUser(_ user: SIPURI) async throws(PersistentChatError) -> [ChatRoomSnapshot] {
        try await request(BrowseJoinedUserRequest(user: user)).rooms.map(ChatRoomSnapshot.init)
    }

    /// Rooms the caller manages.
    public func browseChatRoomsIManage(maxResults: Int = -1) async throws(PersistentChatError) -> [ChatRoomSnapshot] {
        try await request(BrowseMyRoomsRequest(.manager, maxResults: maxResults)).rooms.map(ChatRoomSnapshot.init)
    }

    /// Rooms the caller is a member of.
    public func browseMyChatRooms(maxResults: Int = -1) async throws(PersistentChatError) -> [ChatRoomSnapshot] {
        try await request(BrowseMyRoomsRequest(.member, maxResults: maxResults)).rooms.map(ChatRoomSnapshot.init)
    }

    /// Searches several rooms' history without joining them (the caller must be a member of each): one result per room.
    public func queryChatHistory(_ rooms: [ChatRoomURI], _ query: ChatHistoryQueryOptions) async throws(PersistentChatError) -> [ChatHistoryResult] {
        guard !rooms.isEmpty else { throw .invalidArgument("name at least one room to search") }
        return try await request(QueryHistoryRequest(rooms: rooms, query: query)).results.map(ChatHistoryResult.init)
    }

    /// Searches several rooms for `searchString`.
    public func queryChatHistory(
        _ rooms: [ChatRoomURI], searchString: String, exactPhrase: Bool = false, caseSensitive: Bool = false
    ) async throws(PersistentChatError) -> [ChatHistoryResult] {
        try await queryChatHistory(rooms, ChatHistoryQueryOptions(searchString: searchString, exactPhrase: exactPhrase, caseSensitive: caseSensitive))
    }

    /// A preference bundle when the server's is newer than `sequenceId` (nil otherwise, or when none exists unless
    /// `provideDefault`).
    public func getPreferenceBundle(label: String, sequenceId: Int, provideDefault: Bool = false) async throws(PersistentChatError) -> PersistentChatPreferenceBundle? {
        try await request(GetPreferenceRequest(label: label, sequenceId: sequenceId, provideDefault: provideDefault)).bundle
    }

    /// The add-ins registered on the server (Lync `GetAllAddIns`), for ``ChatRoomSettings/addIn`` and
    /// ``ChatRoomInformation/addIn``.
    public func getAllAddIns() async throws(PersistentChatError) -> [PersistentChatAddIn] {
        try await request(GetAllAddInsRequest()).addIns
    }

    /// The rooms the caller may see whose add-in is the one named (ignoring case) (Lync `FindChatRoomsUsingAddIn`); a
    /// name no add-in has is refused with `NoSuchNode` / `addIn.noSuchAddIn`.
    public func findChatRoomsUsingAddIn(_ addInName: String) async throws(PersistentChatError) -> [ChatRoomSnapshot] {
        try await request(FindRoomsUsingAddInRequest(addIn: addInName)).rooms.map(ChatRoomSnapshot.init)
    }

    /// Stores a bundle whose `sequenceId` is the stored one (0 for a new label); returns the new sequence id.
    public func setPreferenceBundle(_ bundle: PersistentChatPreferenceBundle) async throws(PersistentChatError) -> Int {
        try await request(SetPreferenceRequest(bundle: bundle)).sequenceId
    }
}
