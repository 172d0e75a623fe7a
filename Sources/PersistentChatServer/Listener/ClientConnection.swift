import Logging
import NIOCore
import PersistentChatDirectory
import PersistentChatProtocol

/// One endpoint's connection: its identity, joined rooms, and the commands it sends, handled in order.
struct ClientConnection: Sendable {
    /// Posts queued and not yet acknowledged.
    let pendingAcks = PendingAcks()

    let core: ServerCore
    let outbox: Outbox
    private(set) var logger: Logger
    private var caller: Caller?
    private let joined = JoinedRooms()
    /// Set once the connection must stop reading.
    private(set) var isClosing = false

    init(core: ServerCore, outbox: Outbox, logger: Logger) {
        self.core = core
        self.outbox = outbox
        self.logger = logger
        self.logger[metadataKey: "connection"] = "\(outbox.id)"
    }

    /// Handles one text frame (a post is acknowledged later, by the committer).
    mutating func handle(_ text: String) async {
        switch core.codec.decodeClientFrame(text) {
        case .failure(let failure):
            logger.debug("refused frame: \(failure.error.payload.message)")
            send(.failure(seq: failure.seq, command: "", failure.error.payload))
        case .success(let frame):
            await handle(frame)
        }
    }

    private mutating func handle(_ frame: ClientFrame) async {
        let seq = frame.seq
        guard let caller else {
            guard let request = frame.command as? EstablishRequest else {
                send(.failure(seq: seq, command: frame.name, ErrorPayload(
                    .invalidFlowOfOperations, .notEstablished, "the first command must be 'establish'")))
                return
            }
            await establish(request, seq: seq)
            return
        }
        do throws(ErrorPayload) {
            switch frame.command {
            case is EstablishRequest:
                throw ErrorPayload(.invalidFlowOfOperations, .alreadyEstablished, "this connection is already established")
            case let request as JoinRequest:
                send(.reply(seq: seq, to: JoinRequest.self, try await join(request, caller: caller)))
            case let request as LeaveRequest:
                try await leave(request.room)
                send(.reply(seq: seq, to: LeaveRequest.self, Empty()))
            case let request as HiddenParticipantsRequest:
                guard let entry = joined.entry(request.room) else {
                    throw ErrorPayload(.userNotJoined, .notJoined, "join \(request.room) to see who is there")
                }
                send(.reply(seq: seq, to: HiddenParticipantsRequest.self,
                            ParticipantsReply(participants: await core.hub.roster(roomId: entry.room.id))))
            case is TerminateRequest:
                // Posts sent before the terminate are acknowledged before it.
                await pendingAcks.drain()
                send(.reply(seq: seq, to: TerminateRequest.self, Empty()))
                isClosing = true
                outbox.close(.normalClosure, reason: "terminated")
            case let request as FileUploadRequest:
                send(.reply(seq: seq, to: FileUploadRequest.self, try await core.fileUpload(request, caller: caller, joined: joined)))
            case let request as FileDownloadRequest:
                send(.reply(seq: seq, to: FileDownloadRequest.self, try await core.fileDownload(request, caller: caller)))
            case let request as PostRequest:
                try await post(request, seq: seq, author: caller.uri)
            default:
                guard let reply = try await core.perform(frame.command, caller: caller) else {
                    throw ErrorPayload(.msgNotSupported, .unknownCommand, "the server does not handle '\(frame.name)'")
                }
                send(.reply(seq: seq, command: frame.name, data: reply))
            }
        } catch {
            send(.failure(seq: seq, command: frame.name, error))
        }
    }

    private mutating func establish(_ request: EstablishRequest, seq: Int) async {
        switch core.establish(request) {
        case .success(let entry):
            guard let address = entry.sipAddress, let uri = SIPURI(address) else {
                refuse(seq: seq, ErrorPayload(.errorPermission, .identityNotAUser, "the directory entry has no usable SIP address"))
                return
            }
            caller = Caller(entry: entry, uri: uri)
            await core.hub.connect(uri, outbox: outbox)
            logger[metadataKey: "user"] = "\(uri)"
            logger.info("endpoint established", metadata: ["client": "\(request.client ?? "-")"])
            let principal = PrincipalPayload(uri: uri, displayName: entry.displayName ?? uri.value)
            send(.reply(seq: seq, to: EstablishRequest.self, EstablishReply(user: principal, server: core.serverInfo)))
        case .failure(let error):
            logger.notice("identity refused", metadata: ["user": "\(request.user)", "reason": "\(error.detail)"])
            refuse(seq: seq, error)
        }
    }

    /// Replies with the refusal and closes: an unauthenticated connection gets no second try.
    private mutating func refuse(seq: Int, _ error: ErrorPayload) {
        send(.failure(seq: seq, command: "establish", error))
        isClosing = true
        outbox.close(.policyViolation, reason: error.detail.rawValue)
    }

    private func join(_ request: JoinRequest, caller: Caller) async throws(ErrorPayload) -> JoinReply {
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
        logger.debug("joined", metadata: ["room": "\(room.name)"])
        let participants = await core.hub.counts()[room.id] ?? 1
        // The rights as admitted by the hub (the room may have changed since the first look).
        let current = joined.entry(room.uri) ?? JoinedRooms.Entry(room: room, category: category, permissions: permissions)
        return JoinReply(
            room: core.snapshot(current.room, current.category, participants: participants), permissions: current.permissions,
            participants: roster ?? [], rosterHidden: roster == nil, history: core.payloads(history, room: current.room),
            filePostAllowed: current.category.fileUpload, invitations: current.room.sendsInvitations(in: current.category),
            logged: current.category.history)
    }

    private func leave(_ uri: ChatRoomURI) async throws(ErrorPayload) {
        guard let entry = joined.remove(uri) else {
            throw ErrorPayload(.userNotJoined, .notJoined, "this endpoint has not joined \(uri)")
        }
        await core.hub.leave(roomId: entry.room.id, uri: uri, connection: outbox.id)
    }

    /// Queues a post; the committer acknowledges it to this connection once it is durable.
    private func post(_ request: PostRequest, seq: Int, author: SIPURI) async throws(ErrorPayload) {
        guard let entry = joined.entry(request.room) else {
            throw ErrorPayload(.userNotJoined, .notJoined, "join \(request.room) before posting to it")
        }
        guard entry.permissions.contains(.canChat) else {
            throw ErrorPayload(.errorPermission, .presentersOnly, "'\(entry.room.name)' is an auditorium: only presenters may post")
        }
        let (text, storyTitle, parts) = try PostRules(limits: core.configuration.limits).check(request)
        let pending = PendingPost(roomId: entry.room.id, author: author, text: text, alert: request.alert,
                                  clientMessageId: request.clientMessageId, keep: entry.category.history,
                                  storyTitle: storyTitle, parts: parts)
        pendingAcks.begin()
        await core.committer.enqueue(pending, room: entry.room.uri, roomName: entry.room.name,
                                     ack: AckTarget(outbox: outbox, seq: seq, pending: pendingAcks))
    }

    /// Leaves every joined room (the connection is gone).
    mutating func disconnect() async {
        for entry in joined.removeAll() {
            await core.hub.leave(roomId: entry.room.id, uri: entry.room.uri, connection: outbox.id)
        }
        if let caller {
            await core.hub.disconnect(caller.uri, connection: outbox.id)
            logger.info("endpoint disconnected", metadata: ["user": "\(caller.uri)"])
        }
    }

    private func send(_ frame: ServerFrame) {
        do {
            outbox.send(ByteBuffer(bytes: try core.codec.encodeBytes(frame)))
        } catch {
            logger.error("could not encode a reply: \(error)")
        }
    }
}
