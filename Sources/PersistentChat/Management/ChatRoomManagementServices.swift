/// Creating and changing rooms, their roles and their category (Lync `ChatRoomManagementServices`).
public struct ChatRoomManagementServices: Sendable {
    let endpoint: PersistentChatEndpoint

    private func request<Command: ChatCommand>(_ command: Command) async throws(PersistentChatError) -> Command.Reply {
        try await endpoint.connectionOrThrow().request(command)
    }

    /// Creates a room; needs the Creator role on the category. The creator becomes its manager and a member.
    public func createChatRoom(_ settings: ChatRoomSettings) async throws(PersistentChatError) -> ChatRoomURI {
        guard !settings.name.allSatisfy(\.isWhitespace) else { throw .invalidArgument("a room needs a name") }
        return try await request(CreateRoomRequest(
            name: settings.name, category: settings.parentCategoryUri, description: settings.description,
            behavior: settings.isAuditorium ? .auditorium : .normal, visibleOnlyToMembers: settings.visibleOnlyToMembers,
            privacy: settings.privacy, invitations: settings.sendInvitationsToMembers, disabled: settings.isDisabled,
            members: settings.members, addIn: settings.addIn?.name)).uri
    }

    /// Creates a closed room with default settings.
    public func createChatRoom(name: String, parentCategoryUri: CategoryURI) async throws(PersistentChatError) -> ChatRoomURI {
        try await createChatRoom(ChatRoomSettings(name: name, parentCategoryUri: parentCategoryUri))
    }

    /// Replaces a room's settings (its add-in included) and, atomically, any role list given (nil: unchanged).
    /// Managers only.
    public func updateChatRoom(
        _ information: ChatRoomInformation, members: [PersistentChatPrincipalSummary]? = nil,
        managers: [PersistentChatPrincipalSummary]? = nil, presenters: [PersistentChatPrincipalSummary]? = nil
    ) async throws(PersistentChatError) {
        _ = try await request(UpdateRoomRequest(
            room: information.chatRoomUri, name: information.name, description: information.description,
            privacy: information.privacy, behavior: information.isAuditorium ? .auditorium : .normal,
            disabled: information.isDisabled, invitations: information.sendInvitationsToMembers,
            members: members?.map(\.reference), managers: managers?.map(\.reference), presenters: presenters?.map(\.reference),
            addIn: information.addInChange))
    }

    /// A room's full settings by URI.
    public func getChatRoom(_ uri: ChatRoomURI) async throws(PersistentChatError) -> ChatRoom {
        ChatRoom(try await request(GetRoomRequest(room: .uri(uri))))
    }

    /// A room's full settings by name (case-insensitive).
    public func getChatRoom(named name: String) async throws(PersistentChatError) -> ChatRoom {
        ChatRoom(try await request(GetRoomRequest(room: .name(name))))
    }

    /// Moves a room to another category; needs the Creator role there. Roles outside the new scope are dropped.
    public func changeParentCategory(_ room: ChatRoom, to category: CategoryURI) async throws(PersistentChatError) {
        _ = try await request(ChangeCategoryRequest(room: room.chatRoomUri, category: category))
    }

    /// Categories where the caller may create rooms (empty: none).
    public func findCategoriesWithCreateRights() async throws(PersistentChatError) -> [ChatRoomCategorySummary] {
        try await request(FindCategoriesWithCreateRightsRequest()).categories
    }

    /// The rooms of a category that the caller may see.
    public func findChatRoomsByParentCategory(_ category: CategoryURI) async throws(PersistentChatError) -> [ChatRoomSummary] {
        try await request(FindRoomsByCategoryRequest(category: category)).rooms.map { ChatRoomSnapshot($0).summary }
    }

    /// Principals whose names contain `search` that may be given `role` (presenters: from the members).
    public func findUsersOrGroupsForRole(
        _ role: ChatRoomRole, room: ChatRoomURI, search: String
    ) async throws(PersistentChatError) -> [PersistentChatPrincipalSummary] {
        guard role != .creator else { throw .invalidArgument("the creator role cannot be given per room") }
        guard !search.allSatisfy(\.isWhitespace) else { throw .invalidArgument("the search string must not be empty") }
        return try await request(FindPrincipalsForRoleRequest(role: role, room: room, search: search)).principals
    }

    /// Gives principals a role (managers only; a presenter must be a member; principals must be in scope).
    public func addUsersOrGroupsToRole(
        _ role: ChatRoomRole, room: ChatRoomURI, principals: [PersistentChatPrincipalSummary]
    ) async throws(PersistentChatError) {
        try await addUsersOrGroupsToRole(role, room: room, references: principals.map(\.reference))
    }

    /// Gives principals, named by SIP URI or distinguished name, a role.
    public func addUsersOrGroupsToRole(_ role: ChatRoomRole, room: ChatRoomURI, references: [String]) async throws(PersistentChatError) {
        guard role != .creator else { throw .invalidArgument("the creator role cannot be given per room") }
        _ = try await request(ChangeRoleRequest(.add, role: role, room: room, principals: references))
    }

    /// Takes a role away from principals (managers only). Members removed lose their presenter role too.
    public func removeUsersOrGroupsFromRole(
        _ role: ChatRoomRole, room: ChatRoomURI, principals: [PersistentChatPrincipalSummary]
    ) async throws(PersistentChatError) {
        try await removeUsersOrGroupsFromRole(role, room: room, references: principals.map(\.reference))
    }

    /// Takes a role away from principals named by SIP URI or distinguished name.
    public func removeUsersOrGroupsFromRole(_ role: ChatRoomRole, room: ChatRoomURI, references: [String]) async throws(PersistentChatError) {
        guard role != .creator else { throw .invalidArgument("the creator role cannot be taken per room") }
        _ = try await request(ChangeRoleRequest(.remove, role: role, room: room, principals: references))
    }

    /// The room's members.
    public func getMembers(_ room: ChatRoomURI) async throws(PersistentChatError) -> [PersistentChatRoleDescriptor] {
        try await request(GetRoleHoldersRequest(role: .member, room: room)).holders
    }

    /// The room's managers.
    public func getManagers(_ room: ChatRoomURI) async throws(PersistentChatError) -> [PersistentChatRoleDescriptor] {
        try await request(GetRoleHoldersRequest(role: .manager, room: room)).holders
    }

    /// The room's presenters.
    public func getPresenters(_ room: ChatRoomURI) async throws(PersistentChatError) -> [PersistentChatRoleDescriptor] {
        try await request(GetRoleHoldersRequest(role: .presenter, room: room)).holders
    }

    /// Users eligible for the Creator role on a category whose names start with `filter`.
    public func getCategoryUsers(
        _ category: CategoryURI, filter: String, resultSize: Int
    ) async throws(PersistentChatError) -> [PersistentChatPrincipalSummary] {
        try await request(GetCategoryUsersRequest(category: category, filter: filter, resultSize: resultSize)).principals
    }

    /// What the caller may do in a room.
    public func getChatRoomPermissions(_ room: ChatRoomURI) async throws(PersistentChatError) -> RoomPermissionMap {
        try await request(GetPermissionsRequest(room: room)).permissions
    }
}
