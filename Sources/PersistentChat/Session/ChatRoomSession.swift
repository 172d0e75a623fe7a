import Foundation
import Synchronization

/// Taking part in one room: join, post, receive, read recent history, leave (Lync `ChatRoomSession`).
///
/// Create the session, start reading ``messages`` (or not: they are buffered, as the session's initializer says), then
/// join.
public final class ChatRoomSession: Sendable, RoomEventSink {
    /// The endpoint the session belongs to.
    public let endpoint: PersistentChatEndpoint
    /// Messages posted to the room after the join, in order, including the endpoint's own.
    public let messages: AsyncStream<ChatMessage>
    /// Attendance and state changes.
    public let events: AsyncStream<ChatRoomSessionEvent>

    private let messageContinuation: AsyncStream<ChatMessage>.Continuation
    private let eventContinuation: AsyncStream<ChatRoomSessionEvent>.Continuation

    private struct State {
        var state: ChatRoomSessionState = .idle
        var joinReply: JoinReply?
        var participants: [SIPURI: ChatRoomParticipant] = [:]
        /// Messages with ids up to this arrived in the join's history; live copies are dropped.
        var lastHistoryId: Int64 = 0
    }
    private let box = Mutex(State())

    /// A session of `endpoint`. `messageBuffering` bounds what ``messages`` keeps until it is read: all of it by
    /// default; `.bufferingNewest(n)` keeps the last `n` for a session that reads its messages late or never (a
    /// poster only, a bot that reads history instead), whose memory would otherwise grow with every message.
    public init(endpoint: PersistentChatEndpoint,
                messageBuffering: AsyncStream<ChatMessage>.Continuation.BufferingPolicy = .unbounded) {
        self.endpoint = endpoint
        (messages, messageContinuation) = AsyncStream.makeStream(of: ChatMessage.self, bufferingPolicy: messageBuffering)
        (events, eventContinuation) = AsyncStream.makeStream(of: ChatRoomSessionEvent.self)
    }

    // MARK: Properties

    public var state: ChatRoomSessionState { box.withLock { $0.state } }
    private var room: RoomSnapshotPayload? { box.withLock { $0.joinReply?.room } }
    /// The joined room's URI (nil before a join).
    public var chatRoomUri: ChatRoomURI? { room?.uri }
    public var name: String { room?.name ?? "" }
    public var description: String { room?.description ?? "" }
    public var parentCategoryUri: CategoryURI? { room?.category }
    public var isAuditorium: Bool { room?.behavior == .auditorium }
    /// What the caller may do in the room.
    public var permissions: RoomPermissionMap { box.withLock { $0.joinReply?.permissions ?? [] } }
    /// False in an auditorium unless the caller is a presenter.
    public var canChat: Bool { permissions.contains(.canChat) }
    public var canManage: Bool { permissions.contains(.canManageRoom) }
    public var isFilePostAllowed: Bool { box.withLock { $0.joinReply?.filePostAllowed ?? false } }
    public var isInvite: Bool { box.withLock { $0.joinReply?.invitations ?? false } }
    public var isLogged: Bool { box.withLock { $0.joinReply?.logged ?? false } }
    public var visibleOnlyToMembers: Bool { room?.privacy == .secret }
    /// The room's add-in (Lync `AddIn`), as last reported; nil when it has none.
    public var addIn: PersistentChatAddIn? { room?.addIn }
    /// The room's privacy as last reported; nil before the session has joined.
    public var privacy: ChatRoomPrivacy? { room?.privacy }
    /// Who is joined, as last reported.
    public var participants: [ChatRoomParticipant] {
        box.withLock { Array($0.participants.values) }.sorted { $0.sipUri.value < $1.sipUri.value }
    }
    /// The messages sent with the join (the last N, oldest first).
    public var joinHistory: [ChatMessage] { box.withLock { $0.joinReply?.history.map(ChatMessage.init) ?? [] } }

    // MARK: Join and leave

    /// Joins a room found by browse.
    public func join(_ room: ChatRoomSummary) async throws(PersistentChatError) { try await join(.uri(room.chatRoomUri), history: nil) }
    /// Joins a room by name (case-insensitive).
    public func join(name: String, history: Int? = nil) async throws(PersistentChatError) { try await join(.name(name), history: history) }
    /// Joins a room by `ma-chan://` URI.
    public func join(uri: ChatRoomURI, history: Int? = nil) async throws(PersistentChatError) { try await join(.uri(uri), history: history) }

    private func join(_ reference: RoomReference, history: Int?) async throws(PersistentChatError) {
        if let name = reference.name, name.allSatisfy(\.isWhitespace) {
            throw .invalidArgument("a room name must not be empty")
        }
        try box.withLock { state throws(PersistentChatError) in
            guard state.state == .idle || state.state == .terminated else {
                throw .invalidState("the session is \(state.state.rawValue); leave before joining another room")
            }
            state.state = .establishing
        }
        let connection: ServerConnection
        do throws(PersistentChatError) {
            connection = try endpoint.connectionOrThrow()
        } catch {
            box.withLock { $0.state = .idle }
            throw error
        }
        connection.beginJoin()
        do throws(PersistentChatError) {
            let reply = try await connection.request(JoinRequest(room: reference, history: history))
            guard endpoint.register(self, for: reply.room.uri) else {
                _ = try? await connection.request(LeaveRequest(room: reply.room.uri))
                throw PersistentChatError.invalidState("this endpoint already has a session in '\(reply.room.name)'")
            }
            box.withLock { state in
                state.joinReply = reply
                state.participants = Dictionary(reply.participants.map { ($0.uri, ChatRoomParticipant($0)) }, uniquingKeysWith: { a, _ in a })
                state.lastHistoryId = reply.history.last?.id ?? 0
                state.state = .established
            }
            connection.setSink(self, for: reply.room.uri)
            eventContinuation.yield(.stateChanged(.established, reason: nil))
        } catch {
            connection.abandonJoin()
            box.withLock { $0.state = .idle }
            throw error
        }
    }

    /// Leaves the room; the session can then join another.
    public func leave() async throws(PersistentChatError) {
        let uri = try box.withLock { state throws(PersistentChatError) -> ChatRoomURI in
            guard state.state == .established, let uri = state.joinReply?.room.uri else {
                throw .invalidState("the session is \(state.state.rawValue), not established")
            }
            state.state = .terminating
            return uri
        }
        endpoint.unregister(uri)
        defer { finish(.terminated, reason: nil) }
        guard let connection = try? endpoint.connectionOrThrow() else { return }
        connection.removeSink(for: uri)
        _ = try await connection.request(LeaveRequest(room: uri))
    }

    // MARK: Messages

    /// Posts a message and returns its server id once it is stored.
    ///
    /// A client message id is generated when none is given, so a retried post is stored once.
    @discardableResult
    public func sendChatMessage(_ text: String, alert: Bool = false, clientMessageId: String? = nil) async throws(PersistentChatError) -> Int64 {
        guard !text.allSatisfy(\.isWhitespace) else { throw .invalidArgument("a message needs some text") }
        return try await post(PostRequest(room: try joinedRoom(), clientMessageId: clientMessageId, text: text, alert: alert))
    }

    /// Sends a post and returns once it is queued on the connection, before the server has stored it.
    ///
    /// Posts queued one after another are stored in that order. Await ``QueuedChatMessage/acknowledged()`` for the
    /// id; a sender that keeps several posts in flight (a bot answering a busy room) need not wait for each.
    public func queueChatMessage(_ text: String, alert: Bool = false,
                                 clientMessageId: String? = nil) async throws(PersistentChatError) -> QueuedChatMessage {
        guard !text.allSatisfy(\.isWhitespace) else { throw .invalidArgument("a message needs some text") }
        return try await queue(PostRequest(room: try joinedRoom(), clientMessageId: clientMessageId, text: text, alert: alert))
    }

    /// Sends a story and returns once it is queued on the connection, as ``queueChatMessage(_:alert:clientMessageId:)``
    /// does for a message.
    public func queueChatMessage(storyTitle: String, content: String, alert: Bool = false,
                                 clientMessageId: String? = nil) async throws(PersistentChatError) -> QueuedChatMessage {
        guard !storyTitle.allSatisfy(\.isWhitespace) else { throw .invalidArgument("a story needs a title") }
        guard !content.allSatisfy(\.isWhitespace) else { throw .invalidArgument("a story needs a body") }
        return try await queue(PostRequest(room: try joinedRoom(), clientMessageId: clientMessageId, text: content,
                                           alert: alert, storyTitle: storyTitle))
    }

    /// Posts a story: a title and a longer body (limited by the server's story size).
    @discardableResult
    public func sendChatMessage(storyTitle: String, content: String, alert: Bool = false,
                                clientMessageId: String? = nil) async throws(PersistentChatError) -> Int64 {
        try await queueChatMessage(storyTitle: storyTitle, content: content, alert: alert, clientMessageId: clientMessageId)
            .acknowledged()
    }

    /// Posts a formatted message (at least one part).
    @discardableResult
    public func sendChatMessage(_ message: FormattedOutboundChatMessage, clientMessageId: String? = nil) async throws(PersistentChatError) -> Int64 {
        guard !message.formattedMessageParts.isEmpty else { throw .invalidArgument("append at least one part before sending") }
        return try await post(PostRequest(room: try joinedRoom(), clientMessageId: clientMessageId, text: message.messageContent,
                                          alert: message.isAlert, storyTitle: message.storyTitle, parts: message.formattedMessageParts))
    }

    private func joinedRoom() throws(PersistentChatError) -> ChatRoomURI {
        try box.withLock { state throws(PersistentChatError) -> ChatRoomURI in
            guard state.state == .established, let uri = state.joinReply?.room.uri else {
                throw .invalidState("the session is \(state.state.rawValue), not established")
            }
            return uri
        }
    }

    /// Sends a post and waits until it is stored.
    private func post(_ request: PostRequest) async throws(PersistentChatError) -> Int64 {
        try await queue(request).acknowledged()
    }

    /// Sends a post with a client message id (generated when none), so a retry is stored once.
    private func queue(_ request: PostRequest) async throws(PersistentChatError) -> QueuedChatMessage {
        var request = request
        let clientMessageId = request.clientMessageId ?? UUID().lowercaseText
        request.clientMessageId = clientMessageId
        let slot = try endpoint.connectionOrThrow().submit(request)
        return QueuedChatMessage(clientMessageId: clientMessageId, slot: slot)
    }

    /// The last `count` messages of the room, oldest first (at most the server's search limit).
    public func getRecentChatHistory(_ count: Int) async throws(PersistentChatError) -> [ChatMessage] {
        guard let uri = chatRoomUri, state == .established else { throw .invalidState("the session is not established") }
        return try await endpoint.persistentChatServices.getRecentChatHistory(room: .uri(uri), count: count)
    }

    /// Searches the room's history (Lync `QueryChatHistory`).
    public func queryChatHistory(_ query: ChatHistoryQueryOptions) async throws(PersistentChatError) -> ChatHistoryResult {
        guard let uri = chatRoomUri, state == .established else { throw .invalidState("the session is not established") }
        let results = try await endpoint.persistentChatServices.queryChatHistory([uri], query)
        guard let result = results.first else { throw .connection("the server returned no result for \(uri)") }
        return result
    }

    /// Searches the room's history for `searchString`.
    public func queryChatHistory(
        _ searchString: String, exactPhrase: Bool = false, caseSensitive: Bool = false
    ) async throws(PersistentChatError) -> ChatHistoryResult {
        try await queryChatHistory(ChatHistoryQueryOptions(searchString: searchString, exactPhrase: exactPhrase, caseSensitive: caseSensitive))
    }

    /// Whether the room is over the server's participant update limit, so ``participants`` is not kept up to date.
    public var isRosterHidden: Bool { box.withLock { $0.joinReply?.rosterHidden ?? false } }

    /// The full roster of a large room, asked of the server (Lync `GetHiddenParticipantList`).
    public func getHiddenParticipantList() async throws(PersistentChatError) -> [ChatRoomParticipant] {
        guard let uri = chatRoomUri, state == .established else { throw .invalidState("the session is not established") }
        return try await endpoint.connectionOrThrow().request(HiddenParticipantsRequest(room: uri)).participants.map(ChatRoomParticipant.init)
    }

    // MARK: RoomEventSink

    func receive(_ message: ChatMessagePayload) {
        let fresh = box.withLock { message.id > $0.lastHistoryId }
        if fresh { messageContinuation.yield(ChatMessage(message)) }
    }

    func receive(_ notice: Notice) {
        switch notice {
        case .participantJoined(let n):
            let participant = ChatRoomParticipant(n.participant)
            box.withLock { $0.participants[participant.sipUri] = participant }
            eventContinuation.yield(.participantAttendanceChanged(participant, isActive: true))
        case .participantLeft(let n):
            let participant = ChatRoomParticipant(n.participant)
            box.withLock { _ = $0.participants.removeValue(forKey: participant.sipUri) }
            eventContinuation.yield(.participantAttendanceChanged(participant, isActive: false))
        case .sessionEnded(let n):
            endpoint.unregister(n.room)
            finish(.terminated, reason: PersistentChatError(n.reason))
        case .privilegeChanged(let n):
            let participant = ChatRoomParticipant(n.participant)
            box.withLock { $0.participants[participant.sipUri] = participant }
            eventContinuation.yield(.participantPrivilegeChanged(participant))
            if participant.sipUri.value == endpoint.user?.uri.value { refreshPermissions() }
        case .roomChanged(let n):
            box.withLock { state in
                guard var room = state.joinReply?.room else { return }
                if let name = n.new["name"] { room.name = name }
                if let description = n.new["description"] { room.description = description }
                if let privacy = n.new["privacy"].flatMap(ChatRoomPrivacy.init) { room.privacy = privacy }
                if let behavior = n.new["behavior"].flatMap(ChatRoomBehavior.init) { room.behavior = behavior }
                if let category = n.new["category"].flatMap(CategoryURI.init) { room.category = category }
                state.joinReply?.room = room
                // Turning invitations off is known at once; turning them back on depends on the category (refreshed below).
                if n.new["invitations"] == ChatRoomInvitationSetting.false.rawValue { state.joinReply?.invitations = false }
            }
            eventContinuation.yield(.propertiesChanged(old: n.old, new: n.new))
            refreshPermissions()
        case .invitation:
            break
        }
    }

    /// Asks the server for the caller's permissions, the room's invitation setting and its add-in again after a change.
    private func refreshPermissions() {
        guard let uri = chatRoomUri, let connection = try? endpoint.connectionOrThrow() else { return }
        Task {
            if let reply = try? await connection.request(GetPermissionsRequest(room: uri)) {
                self.box.withLock { $0.joinReply?.permissions = reply.permissions }
            }
            if let room = try? await connection.request(GetRoomRequest(room: .uri(uri))) {
                self.box.withLock { state in
                    state.joinReply?.invitations = room.category.invitations && room.invitations == .inherit
                    state.joinReply?.room.addIn = room.addIn
                }
            }
        }
    }

    func connectionLost(_ error: PersistentChatError) {
        finish(.terminated, reason: error)
    }

    private func finish(_ newState: ChatRoomSessionState, reason: PersistentChatError?) {
        box.withLock { $0.state = newState }
        eventContinuation.yield(.stateChanged(newState, reason: reason))
    }
}
