import PersistentChatProtocol

/// Runs the commands that do not depend on one connection's joined rooms.
extension ServerCore {
    /// The reply data for `command`, or nil when it is not one of these commands.
    func perform(_ command: any ChatCommand, caller: Caller) async throws(ErrorPayload) -> (any Encodable & Sendable)? {
        let user = caller.entry
        switch command {
        case is ServerInfoRequest: return serverInfo
        case let request as BrowseRequest: return try await browse(request, user: user)
        case let request as BrowseFilterRequest: return try await browse(request, user: user)
        case let request as BrowseCategoryRequest: return try await browse(request, user: user)
        case let request as BrowseJoinedUserRequest: return try await browse(request, user: user)
        case let request as BrowseMyRoomsRequest: return try await browse(request, user: user)
        case let request as BrowseInvitationsRequest: return try await browse(request, user: user, uri: caller.uri)
        case let request as HistoryRequest: return try await history(request, user: user)
        case let request as QueryHistoryRequest: return try await queryHistory(request, user: user)
        case let request as CreateRoomRequest: return try await management.create(request, caller: caller, rootCategory: rootCategory)
        case let request as UpdateRoomRequest:
            try await management.update(request, caller: caller)
            return Empty()
        case let request as ChangeRoleRequest:
            try await management.changeRole(request, caller: caller)
            return Empty()
        case let request as ChangeCategoryRequest:
            try await management.changeCategory(request, caller: caller, rootCategory: rootCategory)
            return Empty()
        case let request as GetRoomRequest: return try getRoom(request, user: user)
        case is FindCategoriesWithCreateRightsRequest: return categoriesWithCreateRights(user: user)
        case let request as FindRoomsByCategoryRequest:
            return try await browse(BrowseCategoryRequest(category: request.category), user: user)
        case let request as FindPrincipalsForRoleRequest: return try principalsForRole(request, user: user)
        case let request as GetRoleHoldersRequest: return try roleHolders(request, user: user)
        case let request as GetCategoryUsersRequest: return try categoryUsers(request, user: user)
        case let request as GetPermissionsRequest: return try permissions(request, user: user)
        case let request as FindUsersRequest: return try findUsers(request)
        case let request as GetUserRequest: return try getUser(request, caller: caller)
        case let request as GetUserGroupRequest: return try getUserGroup(request, caller: caller)
        case let request as GetPreferenceRequest: return try await getPreference(request, caller: caller)
        case let request as SetPreferenceRequest: return try await setPreference(request, caller: caller)
        default: return nil
        }
    }

    /// The root category's URI (rooms never live there).
    var rootCategory: CategoryURI { CategoryURI(domain: configuration.domain, id: store.rootCategoryId) }
}
