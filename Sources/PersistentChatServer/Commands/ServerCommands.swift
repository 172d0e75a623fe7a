import PersistentChatProtocol

/// Every command's handler, registered by the command's type; ``CommandTable`` checks them against the catalog.
enum ServerCommands {
    static var handlers: [CommandHandler] {
        session + browse + history + management + addIns + principals + preferences + files
    }

    /// Establishing, ending and using a connection's room sessions.
    static let session: [CommandHandler] = [
        .opening(EstablishRequest.self) { request, connection throws(ErrorPayload) in
            let metrics = connection.core.metrics
            do throws(ErrorPayload) {
                let reply = try await connection.establish(request)
                metrics.signIn("accepted")
                return reply
            } catch {
                metrics.signIn(ServerMetrics.signInOutcome(of: error))
                throw error
            }
        },
        .core(ServerInfoRequest.self) { _, _, core in core.serverInfo },
        .core(RevokeSessionTokenRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.sessionTokens.revoke(request.token, of: caller.uri)
            return Empty()
        },
        .connection(TerminateRequest.self) { _, _, _, connection in await connection.terminate() },
        .connection(JoinRequest.self) { request, _, caller, connection throws(ErrorPayload) in
            .reply(try await connection.core.metrics.timed(connection.core.metrics.joinDuration) { () throws(ErrorPayload) in
                try await connection.join(request, caller: caller)
            })
        },
        .connection(LeaveRequest.self) { request, _, _, connection throws(ErrorPayload) in
            .reply(try await connection.leave(request.room))
        },
        .connection(PostRequest.self) { request, seq, caller, connection throws(ErrorPayload) in
            do throws(ErrorPayload) {
                return try await connection.post(request, seq: seq, author: caller.uri)
            } catch {
                connection.core.metrics.postRefused(error.detail.rawValue)
                throw error
            }
        },
        .connection(HiddenParticipantsRequest.self) { request, _, _, connection throws(ErrorPayload) in
            .reply(try await connection.participants(request))
        },
    ]

    static let browse: [CommandHandler] = [
        .core(BrowseRequest.self) { request, caller, core throws(ErrorPayload) in try await core.browse(request, user: caller.entry) },
        .core(BrowseFilterRequest.self) { request, caller, core throws(ErrorPayload) in try await core.browse(request, user: caller.entry) },
        .core(BrowseCategoryRequest.self) { request, caller, core throws(ErrorPayload) in try await core.browse(request, user: caller.entry) },
        .core(BrowseJoinedUserRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.browse(request, user: caller.entry)
        },
        .core(BrowseMyRoomsRequest.self) { request, caller, core throws(ErrorPayload) in try await core.browse(request, user: caller.entry) },
        .core(BrowseInvitationsRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.browse(request, user: caller.entry, uri: caller.uri)
        },
    ]

    static let history: [CommandHandler] = [
        .core(HistoryRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.metrics.timed(core.metrics.historyDuration) { () throws(ErrorPayload) in
                try await core.history(request, user: caller.entry)
            }
        },
        .core(QueryHistoryRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.metrics.timed(core.metrics.searchDuration) { () throws(ErrorPayload) in
                try await core.queryHistory(request, caller: caller)
            }
        },
    ]

    /// Creating and changing rooms, and reading their settings.
    static let management: [CommandHandler] = [
        .core(CreateRoomRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.createRoom(request, caller: caller)
        },
        .core(UpdateRoomRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.management.update(request, caller: caller)
            return Empty()
        },
        .core(ChangeRoleRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.management.changeRole(request, caller: caller)
            return Empty()
        },
        .core(ChangeCategoryRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.management.changeCategory(request, caller: caller, rootCategory: core.rootCategory)
            return Empty()
        },
        .core(GetRoomRequest.self) { request, caller, core throws(ErrorPayload) in try core.getRoom(request, user: caller.entry) },
        .core(FindCategoriesWithCreateRightsRequest.self) { _, caller, core in core.categoriesWithCreateRights(user: caller.entry) },
        .core(FindRoomsByCategoryRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.browse(BrowseCategoryRequest(category: request.category), user: caller.entry)
        },
        .core(FindPrincipalsForRoleRequest.self) { request, caller, core throws(ErrorPayload) in
            try core.principalsForRole(request, user: caller.entry)
        },
        .core(GetRoleHoldersRequest.self) { request, caller, core throws(ErrorPayload) in try core.roleHolders(request, user: caller.entry) },
        .core(GetCategoryUsersRequest.self) { request, caller, core throws(ErrorPayload) in
            try core.categoryUsers(request, user: caller.entry)
        },
        .core(GetPermissionsRequest.self) { request, caller, core throws(ErrorPayload) in try core.permissions(request, user: caller.entry) },
    ]

    /// The registered add-ins and the rooms that use them.
    static let addIns: [CommandHandler] = [
        .core(GetAllAddInsRequest.self) { _, _, core in core.allAddIns() },
        .core(FindRoomsUsingAddInRequest.self) { request, caller, core throws(ErrorPayload) in
            try await core.rooms(request, user: caller.entry)
        },
    ]

    /// Users and groups of the directory.
    static let principals: [CommandHandler] = [
        .core(FindUsersRequest.self) { request, _, core throws(ErrorPayload) in try await core.findUsers(request) },
        .core(GetUserRequest.self) { request, caller, core throws(ErrorPayload) in try core.getUser(request, caller: caller) },
        .core(GetUserGroupRequest.self) { request, caller, core throws(ErrorPayload) in try core.getUserGroup(request, caller: caller) },
    ]

    static let preferences: [CommandHandler] = [
        .core(GetPreferenceRequest.self) { request, caller, core throws(ErrorPayload) in try await core.getPreference(request, caller: caller) },
        .core(SetPreferenceRequest.self) { request, caller, core throws(ErrorPayload) in try await core.setPreference(request, caller: caller) },
    ]

    static let files: [CommandHandler] = [
        .connection(FileUploadRequest.self) { request, _, caller, connection throws(ErrorPayload) in
            .reply(try await connection.core.fileUpload(request, caller: caller, joined: connection.joined))
        },
        .core(FileDownloadRequest.self) { request, caller, core throws(ErrorPayload) in try await core.fileDownload(request, caller: caller) },
    ]
}
