import Logging
import NIOCore
import PersistentChatDirectory
import PersistentChatProtocol

/// One endpoint's connection: its identity, joined rooms, and the commands it sends, handled in order.
struct ClientConnection {
    private struct JoinedRoom {
        let room: ChatRoomRecord
        let category: ChatCategory
        let permissions: RoomPermissionMap
    }

    /// Work that finishes after the command loop moved on (a post awaiting its commit).
    typealias Completion = @Sendable () async -> Void

    let core: ServerCore
    let outbox: Outbox
    private(set) var logger: Logger
    private var user: DirectoryEntry?
    private var userURI: SIPURI?
    private var joined: [ChatRoomURI: JoinedRoom] = [:]
    /// Set once the connection must stop reading.
    private(set) var isClosing = false

    init(core: ServerCore, outbox: Outbox, logger: Logger) {
        self.core = core
        self.outbox = outbox
        self.logger = logger
        self.logger[metadataKey: "connection"] = "\(outbox.id)"
    }

    /// Handles one text frame; returns work to await in the background for posts.
    mutating func handle(_ text: String) async -> Completion? {
        switch core.codec.decodeClientFrame(text) {
        case .failure(let failure):
            logger.debug("refused frame: \(failure.error.payload.message)")
            send(.failure(seq: failure.seq, command: "", failure.error.payload))
            return nil
        case .success(let frame):
            return await handle(frame)
        }
    }

    private mutating func handle(_ frame: ClientFrame) async -> Completion? {
        let seq = frame.seq
        guard let user, let userURI else {
            guard let request = frame.command as? EstablishRequest else {
                send(.failure(seq: seq, command: frame.name, ErrorPayload(
                    .invalidFlowOfOperations, .notEstablished, "the first command must be 'establish'")))
                return nil
            }
            establish(request, seq: seq)
            return nil
        }
        do throws(ErrorPayload) {
            switch frame.command {
            case is EstablishRequest:
                throw ErrorPayload(.invalidFlowOfOperations, .alreadyEstablished, "this connection is already established")
            case is ServerInfoRequest:
                send(.reply(seq: seq, to: ServerInfoRequest.self, core.serverInfo))
            case let request as BrowseRequest:
                send(.reply(seq: seq, to: BrowseRequest.self, try await core.browse(request, user: user)))
            case let request as JoinRequest:
                send(.reply(seq: seq, to: JoinRequest.self, try await join(request, user: user, uri: userURI)))
            case let request as LeaveRequest:
                try await leave(request.room)
                send(.reply(seq: seq, to: LeaveRequest.self, Empty()))
            case let request as HistoryRequest:
                send(.reply(seq: seq, to: HistoryRequest.self, try await core.history(request, user: user)))
            case is TerminateRequest:
                send(.reply(seq: seq, to: TerminateRequest.self, Empty()))
                isClosing = true
                outbox.close(.normalClosure, reason: "terminated")
            case let request as PostRequest:
                return try await post(request, seq: seq, author: userURI)
            default:
                throw ErrorPayload(.msgNotSupported, .unknownCommand, "the server does not handle '\(frame.name)'")
            }
        } catch {
            send(.failure(seq: seq, command: frame.name, error))
        }
        return nil
    }

    private mutating func establish(_ request: EstablishRequest, seq: Int) {
        switch core.establish(request) {
        case .success(let entry):
            guard let address = entry.sipAddress, let uri = SIPURI(address) else {
                refuse(seq: seq, ErrorPayload(.errorPermission, .identityNotAUser, "the directory entry has no usable SIP address"))
                return
            }
            user = entry
            userURI = uri
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

    private mutating func join(_ request: JoinRequest, user: DirectoryEntry, uri: SIPURI) async throws(ErrorPayload) -> JoinReply {
        let (room, category, permissions) = try core.visibleRoom(request.room, user: user)
        if let refusal = core.access.joinRefusal(of: user, room: room, category: category, permissions: permissions) {
            throw refusal
        }
        guard joined[room.uri] == nil else {
            throw ErrorPayload(.invalidFlowOfOperations, .alreadyJoined, "this endpoint has already joined '\(room.name)'")
        }
        let limits = core.configuration.limits
        let count = request.history ?? limits.defaultHistory
        guard (0...limits.searchLimit).contains(count) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "history must be between 0 and \(limits.searchLimit), got \(count)")
        }
        let participant = ParticipantPayload(uri: uri, displayName: user.displayName ?? uri.value,
                                             isManager: permissions.contains(.canManageRoom),
                                             isPresenter: permissions.contains(.canAuditoriumChat))
        let participants = await core.hub.join(roomId: room.id, uri: room.uri,
                                               session: RoomHub.Session(outbox: outbox, participant: participant))
        joined[room.uri] = JoinedRoom(room: room, category: category, permissions: permissions)
        let store = core.store
        let history = count == 0 ? [] : try await core.read { try await store.recentMessages(roomId: room.id, count: count) }
        logger.debug("joined", metadata: ["room": "\(room.name)"])
        return JoinReply(
            room: core.snapshot(room, category, participants: participants.count), permissions: permissions,
            participants: participants, history: core.payloads(history, room: room),
            filePostAllowed: category.fileUpload, invitations: category.invitations, logged: category.history)
    }

    private mutating func leave(_ uri: ChatRoomURI) async throws(ErrorPayload) {
        guard let entry = joined.removeValue(forKey: uri) else {
            throw ErrorPayload(.userNotJoined, .notJoined, "this endpoint has not joined \(uri)")
        }
        await core.hub.leave(roomId: entry.room.id, uri: uri, connection: outbox.id)
    }

    private func post(_ request: PostRequest, seq: Int, author: SIPURI) async throws(ErrorPayload) -> Completion? {
        guard let entry = joined[request.room] else {
            throw ErrorPayload(.userNotJoined, .notJoined, "join \(request.room) before posting to it")
        }
        guard entry.permissions.contains(.canChat) else {
            throw ErrorPayload(.errorPermission, .presentersOnly, "'\(entry.room.name)' is an auditorium: only presenters may post")
        }
        guard !request.text.allSatisfy(\.isWhitespace) else {
            throw ErrorPayload(.invalidArgument, .emptyMessage, "a message needs some text")
        }
        let limit = core.configuration.limits.messageSize
        let size = request.text.utf8.count
        guard size <= limit else {
            throw ErrorPayload(.limitExceeded, .messageTooLarge, "the message is \(size) bytes; the limit is \(limit)")
        }
        if let id = request.clientMessageId, id.isEmpty || id.count > ProtocolLimits.maxClientMessageIdLength {
            throw ErrorPayload(.invalidArgument, .tooLong,
                               "clientMessageId must be 1 to \(ProtocolLimits.maxClientMessageIdLength) characters")
        }
        let pending = PendingPost(roomId: entry.room.id, author: author, text: request.text, alert: request.alert,
                                  clientMessageId: request.clientMessageId, keep: entry.category.history)
        let promise = await core.committer.enqueue(pending, room: entry.room.uri, roomName: entry.room.name)
        let outbox = outbox
        let codec = core.codec
        return {
            let frame: ServerFrame
            switch await promise.value {
            case .success(let (outcome, message)):
                let duplicate = if case .duplicate = outcome { true } else { false }
                frame = .reply(seq: seq, to: PostRequest.self, PostReply(messageId: message.id, timestamp: message.ts, duplicate: duplicate))
            case .failure(let error):
                frame = .failure(seq: seq, command: "grpchat", error)
            }
            if let text = try? codec.encode(frame) { outbox.send(ByteBuffer(string: text)) }
        }
    }

    /// Leaves every joined room (the connection is gone).
    mutating func disconnect() async {
        for (uri, entry) in joined {
            await core.hub.leave(roomId: entry.room.id, uri: uri, connection: outbox.id)
        }
        joined.removeAll()
        if let userURI { logger.info("endpoint disconnected", metadata: ["user": "\(userURI)"]) }
    }

    private func send(_ frame: ServerFrame) {
        do {
            outbox.send(ByteBuffer(string: try core.codec.encode(frame)))
        } catch {
            logger.error("could not encode a reply: \(error)")
        }
    }
}
