import PersistentChatDirectory
import PersistentChatProtocol

/// The commands that use one connection's own state: its joined rooms and its posts waiting for acknowledgement.
extension ClientConnection {
    /// Joins a room: checks the rights, enters the room's hub and reads its recent history.
    func join(_ request: JoinRequest, caller: Caller) async throws(ErrorPayload) -> JoinReply {
        let user = caller.entry
        let (room, category, permissions) = try core.visibleRoom(request.room, user: user)
        if let refusal = core.access.joinRefusal(of: user, room: room, category: category, permissions: permissions) {
            throw refusal
        }
        let limits = core.configuration.limits
        let count = request.history ?? limits.defaultHistory
        guard (0...limits.searchLimit).contains(count) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "history must be between 0 and \(limits.searchLimit), got \(count)")
        }
        guard joined.insert(JoinedRooms.Entry(room: room, category: category, permissions: permissions)) else {
            throw ErrorPayload(.invalidFlowOfOperations, .alreadyJoined, "this endpoint has already joined '\(room.name)'")
        }
        let participant = ParticipantPayload(uri: caller.uri, displayName: user.displayName ?? caller.uri.value,
                                             isManager: permissions.contains(.canManageRoom),
                                             isPresenter: permissions.contains(.canAuditoriumChat))
        let core = core
        let outcome = await core.hub.join(roomId: room.id, uri: room.uri, session: RoomHub.Session(
            outbox: outbox, participant: participant, user: user, joined: joined)) { user in
            guard let (room, category) = core.catalog.room(.uri(room.uri)) else { return nil }
            return JoinedRooms.Entry(room: room, category: category,
                                     permissions: core.access.permissions(of: user, in: room, category: category))
        }
        guard case .admitted(let roster) = outcome else {
            joined.remove(room.uri)
            throw AccessControl.noSuchRoom(request.room)
        }
        let store = core.store
        let history: [StoredMessage]
        do throws(ErrorPayload) {
            let recent = count == 0 ? [] : try await core.read { try await store.recentMessages(roomId: room.id, count: count) }
            history = ServerCore.newestWithinReply(recent)
        } catch {
            // A join that fails leaves nothing behind.
            joined.remove(room.uri)
            await core.hub.leave(roomId: room.id, uri: room.uri, connection: outbox.id)
            throw error
        }
        logger.debug("joined", metadata: ["room": "\(LogText.escaped(room.name))"])
        let participants = await core.hub.counts()[room.id] ?? 1
        // The rights as admitted by the hub (the room may have changed since the first look).
        let current = joined.entry(room.uri) ?? JoinedRooms.Entry(room: room, category: category, permissions: permissions)
        return JoinReply(
            room: core.snapshot(current.room, current.category, participants: participants), permissions: current.permissions,
            participants: roster ?? [], rosterHidden: roster == nil, history: core.payloads(history, room: current.room),
            filePostAllowed: current.category.fileUpload, invitations: current.room.sendsInvitations(in: current.category),
            logged: current.category.history)
    }

    /// Leaves a joined room.
    func leave(_ uri: ChatRoomURI) async throws(ErrorPayload) -> Empty {
        guard let entry = joined.remove(uri) else {
            throw ErrorPayload(.userNotJoined, .notJoined, "this endpoint has not joined \(uri)")
        }
        await core.hub.leave(roomId: entry.room.id, uri: uri, connection: outbox.id)
        return Empty()
    }

    /// Who is in a joined room whose roster is hidden at join.
    func participants(_ request: HiddenParticipantsRequest) async throws(ErrorPayload) -> ParticipantsReply {
        guard let entry = joined.entry(request.room) else {
            throw ErrorPayload(.userNotJoined, .notJoined, "join \(request.room) to see who is there")
        }
        return ParticipantsReply(participants: await core.hub.roster(roomId: entry.room.id))
    }

    /// Acknowledges the posts sent before, then replies and closes the connection.
    func terminate() async -> CommandOutcome<Empty> {
        await pendingAcks.drain()
        return .replyThenClose(Empty(), reason: "terminated")
    }

    /// Queues a post; the committer acknowledges it to this connection once it is durable.
    func post(_ request: PostRequest, seq: Int, author: SIPURI) async throws(ErrorPayload) -> CommandOutcome<PostReply> {
        guard let entry = joined.entry(request.room) else {
            throw ErrorPayload(.userNotJoined, .notJoined, "join \(request.room) before posting to it")
        }
        guard entry.permissions.contains(.canChat) else {
            throw ErrorPayload(.errorPermission, .presentersOnly, "'\(entry.room.name)' is an auditorium: only presenters may post")
        }
        let (text, storyTitle, parts) = try PostRules(limits: core.configuration.limits).check(request)
        try core.quotas.takePost(author)
        let pending = PendingPost(roomId: entry.room.id, author: author, text: text, alert: request.alert,
                                  clientMessageId: request.clientMessageId, keep: entry.category.history,
                                  storyTitle: storyTitle, parts: parts)
        pendingAcks.begin()
        await core.committer.enqueue(pending, room: entry.room.uri, roomName: entry.room.name,
                                     ack: AckTarget(outbox: outbox, seq: seq, pending: pendingAcks))
        return .repliedLater
    }
}
