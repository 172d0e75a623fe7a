import PersistentChat

/// Rooms joined through invitations: host.yaml's `invitations` decides which to accept (by inviter, room and
/// category), its `bots` run in them, and the ledger remembers them across restarts.
extension BotHost {
    /// Considers the invitations the endpoint missed since the last one considered, then each one as it comes,
    /// until the connection ends.
    func intakeInvitations(endpoint uri: String, through endpoint: PersistentChatEndpoint) async {
        let live = endpoint.invitationsReceived()
        var last = lastInvitationId(endpoint: uri)
        do {
            while !Task.isCancelled {
                let page = try await endpoint.persistentChatServices.browseChatRoomsByInvitations(since: last)
                guard !page.invitations.isEmpty else { break }
                for invitation in page.invitations { await consider(invitation, endpoint: uri, through: endpoint) }
                last = max(last, page.lastInviteId)
            }
        } catch {
            logger.error("cannot read the invitations missed while away", metadata: ["endpoint": "\(uri)", "error": "\(error)"])
        }
        for await invitation in live where invitation.invId > lastInvitationId(endpoint: uri) {
            await consider(invitation, endpoint: uri, through: endpoint)
        }
    }

    /// Joins the rooms the endpoint accepted invitations to before the restart; a room that can no longer be joined
    /// is forgotten, and said so.
    func rejoinInvitedRooms(endpoint uri: String, through endpoint: PersistentChatEndpoint) async -> [(RoomRunner, ChatRoomSession?)] {
        guard configuration.invitations.accept, let remembered = try? ledger?.invitedRooms(endpoint: uri) else { return [] }
        var joined: [(RoomRunner, ChatRoomSession?)] = []
        for room in remembered where !serves(room.uri) {
            do {
                let (runner, session) = try await join(invited: room.uri, endpoint: uri, through: endpoint)
                joined.append((runner, session))
            } catch let error as PersistentChatError where error.kind == .commandFailed {
                // The server refused: the room is gone, or the endpoint is no member any more.
                logger.warning("a room joined through an invitation cannot be joined again; it is forgotten", metadata: [
                    "room": "\(LogText.escaped(room.name))", "endpoint": "\(uri)", "error": "\(error)",
                ])
                try? ledger?.forgetInvitedRoom(room.uri, endpoint: uri)
            } catch {
                logger.error("a room joined through an invitation could not be joined now; it is kept for the next start",
                             metadata: ["room": "\(LogText.escaped(room.name))", "endpoint": "\(uri)", "error": "\(error)"])
            }
        }
        return joined
    }

    private func consider(_ invitation: ChatRoomInvitation, endpoint uri: String, through endpoint: PersistentChatEndpoint) async {
        let room = invitation.chatRoomSnapshot
        guard !serves(room.chatRoomUri), !joiningInvited.contains(room.chatRoomUri) else {
            markConsidered(invitation.invId, endpoint: uri)
            return
        }
        let policy = configuration.invitations
        if let refusal = policy.refusal(inviter: invitation.invitedBy?.value, room: room.name, category: room.parentCategoryName) {
            logger.notice("invitation declined", metadata: [
                "room": "\(LogText.escaped(room.name))", "category": "\(LogText.escaped(room.parentCategoryName))",
                "inviter": "\(invitation.invitedBy?.value ?? "unknown")", "reason": "\(refusal)",
            ])
            markConsidered(invitation.invId, endpoint: uri)
            return
        }
        // Reserved while the join is under way, so a second invitation to the room (or another endpoint's) waits out.
        joiningInvited.insert(room.chatRoomUri)
        defer { joiningInvited.remove(room.chatRoomUri) }
        do {
            let (runner, session) = try await join(invited: room.chatRoomUri, endpoint: uri, through: endpoint)
            runner.broadcast(.invitationAccepted(inviter: invitation.invitedBy))
            runners[uri]?.add(runner, joined: session)
            try? ledger?.rememberInvitedRoom(.init(uri: room.chatRoomUri, name: session.name), endpoint: uri)
            logger.notice("joined a room through an invitation", metadata: [
                "room": "\(LogText.escaped(room.name))", "inviter": "\(invitation.invitedBy?.value ?? "unknown")",
                "bots": "\(runner.configuration.instanceNames.joined(separator: ","))",
            ])
            markConsidered(invitation.invId, endpoint: uri)
        } catch let error as PersistentChatError where error.kind == .commandFailed {
            logger.error("the server refused to let the host into the room of an accepted invitation", metadata: [
                "room": "\(LogText.escaped(room.name))", "error": "\(error)",
            ])
            markConsidered(invitation.invId, endpoint: uri)
        } catch {
            // The connection went, or the host stops: the invitation is considered again at the next connection.
            logger.warning("could not join the room of an accepted invitation now; it is tried again after reconnecting",
                           metadata: ["room": "\(LogText.escaped(room.name))", "error": "\(error)"])
        }
    }

    /// Joins an invited room and makes its runner with the invitation template's bots.
    private func join(invited uri: ChatRoomURI, endpoint: String, through connection: PersistentChatEndpoint)
        async throws -> (RoomRunner, ChatRoomSession) {
        guard let template = configuration.invitations.template else { throw CancellationError() }
        let session = ChatRoomSession(endpoint: connection)
        try await session.join(uri: uri, history: 1)
        do {
            let room = try template.room(uri: uri, name: session.name, endpoint: endpoint)
            let runner = try makeRunner(room, session: session)
            rooms[room.file] = runner
            return (runner, session)
        } catch {
            try? await session.leave()
            throw error
        }
    }

    private func serves(_ uri: ChatRoomURI) -> Bool {
        rooms.values.contains { $0.uri == uri }
    }

    private func lastInvitationId(endpoint: String) -> Int {
        max(invitationCursor[endpoint] ?? 0, (try? ledger?.lastInvitationId(endpoint: endpoint)) ?? 0)
    }

    private func markConsidered(_ id: Int, endpoint: String) {
        invitationCursor[endpoint] = max(invitationCursor[endpoint] ?? 0, id)
        try? ledger?.setLastInvitationId(id, endpoint: endpoint)
    }
}
