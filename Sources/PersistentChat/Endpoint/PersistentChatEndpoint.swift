import Foundation
import Synchronization

/// One connection to one Persistent Chat server, as one identity; the entry point of the SDK.
///
/// ```swift
/// let endpoint = PersistentChatEndpoint(serverAddress: "ws://127.0.0.1:5061", endpoint: user)
/// try await endpoint.establish()
/// let session = ChatRoomSession(endpoint: endpoint)
/// try await session.join(name: "help-desk")
/// ```
public final class PersistentChatEndpoint: Sendable {
    /// The server, `ws://HOST:PORT`; the SDK adds the protocol's path.
    public let serverAddress: String
    /// The identity this endpoint acts as.
    public let innerEndpoint: any LocalEndpoint
    /// Which certificates a `wss://` server may present (and its file transfers over `https://`).
    public let serverTrust: ServerTrust

    private struct State {
        var state: PersistentChatEndpointState = .idle
        var connection: ServerConnection?
        var reply: EstablishReply?
        var sessions: [ChatRoomURI: ChatRoomSession] = [:]
        var stateWatchers: [UUID: AsyncStream<PersistentChatEndpointState>.Continuation] = [:]
        var invitationWatchers: [UUID: AsyncStream<ChatRoomInvitation>.Continuation] = [:]
    }
    private let box = Mutex(State())

    /// `serverTrust` says which certificates a `wss://` server may present: by default the system's CAs.
    public init(serverAddress: String, endpoint: any LocalEndpoint, serverTrust: ServerTrust = .system) {
        self.serverAddress = serverAddress.hasSuffix("/") ? String(serverAddress.dropLast()) : serverAddress
        innerEndpoint = endpoint
        self.serverTrust = serverTrust
    }

    /// The endpoint's state.
    public var state: PersistentChatEndpointState { box.withLock { $0.state } }

    /// State changes from now on, starting with the current state.
    public func stateChanges() -> AsyncStream<PersistentChatEndpointState> {
        let (stream, continuation) = AsyncStream.makeStream(of: PersistentChatEndpointState.self)
        let id = UUID()
        let current = box.withLock { state in
            state.stateWatchers[id] = continuation
            return state.state
        }
        continuation.yield(current)
        continuation.onTermination = { [weak self] _ in
            self?.box.withLock { _ = $0.stateWatchers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Invitations pushed by the server from now on (Lync `ChatRoomInvitationReceived`); earlier ones are
    /// listed by ``PersistentChatServices/browseChatRoomsByInvitations(since:)``.
    public func invitationsReceived() -> AsyncStream<ChatRoomInvitation> {
        let (stream, continuation) = AsyncStream.makeStream(of: ChatRoomInvitation.self)
        let id = UUID()
        box.withLock { $0.invitationWatchers[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.box.withLock { _ = $0.invitationWatchers.removeValue(forKey: id) }
        }
        return stream
    }

    /// The signed-in user as the server knows them (after establish).
    public var user: PrincipalPayload? { box.withLock { $0.reply?.user } }

    /// The services: browse, server configuration, history.
    public var persistentChatServices: PersistentChatServices { PersistentChatServices(endpoint: self) }

    /// Sessions joined through this endpoint.
    public var activeChatRoomSessions: [ChatRoomSession] {
        box.withLock { Array($0.sessions.values) }.sorted { $0.name < $1.name }
    }

    /// The active session for a room name (case-insensitive).
    public func session(named name: String) -> ChatRoomSession? {
        activeChatRoomSessions.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The active session for a room URI.
    public func session(for uri: ChatRoomURI) -> ChatRoomSession? { box.withLock { $0.sessions[uri] } }

    /// Connects and identifies with the endpoint's password; an endpoint can be established once.
    ///
    /// - Parameter issueSessionToken: also ask for a session token (``sessionToken``), to establish another endpoint
    ///   later without the password (``establish(sessionToken:issueSessionToken:)``).
    public func establish(issueSessionToken: Bool = false) async throws(PersistentChatError) {
        try await establish(.password(innerEndpoint.password), issueSessionToken: issueSessionToken)
    }

    /// Connects and identifies with a session token from an earlier establish instead of the password (the endpoint's
    /// `password` is not sent). A token that is unknown, expired, revoked or another user's is refused with
    /// `InvalidToken` / `identity.invalidSessionToken`; the directory's rules apply as for a password.
    ///
    /// - Parameter issueSessionToken: also ask for a fresh token (``sessionToken``).
    public func establish(sessionToken: String, issueSessionToken: Bool = false) async throws(PersistentChatError) {
        guard !sessionToken.isEmpty else { throw .invalidArgument("the session token is empty") }
        try await establish(.sessionToken(sessionToken), issueSessionToken: issueSessionToken)
    }

    /// The session token issued at establish, when it asked for one.
    public var sessionToken: PersistentChatSessionToken? {
        box.withLock { $0.reply?.sessionToken.map(PersistentChatSessionToken.init) }
    }

    /// Revokes a session token of the signed-in user (signing out the client that holds it); the server answers an
    /// unknown token, or another user's, the same way and leaves it as it is.
    public func revokeSessionToken(_ token: String) async throws(PersistentChatError) {
        _ = try await connectionOrThrow().request(RevokeSessionTokenRequest(token: token))
    }

    private func establish(_ credential: EstablishRequest.Credential, issueSessionToken: Bool) async throws(PersistentChatError) {
        try box.withLock { state throws(PersistentChatError) in
            guard state.state == .idle else {
                throw .invalidState("an endpoint is established once; this one is \(state.state.rawValue)")
            }
            state.state = .establishing
        }
        notifyState()
        let platform = innerEndpoint.platform
        let connection = ServerConnection(
            url: serverAddress + ProtocolLimits.webSocketPath, logger: platform.logger,
            onNotice: { [weak self] notice in self?.received(notice) },
            onClose: { [weak self] error in self?.connectionClosed(error) })
        do throws(PersistentChatError) {
            try await connection.open(frameSizeLimit: 16 * 1024 * 1024, trust: serverTrust)
            let reply = try await connection.request(EstablishRequest(
                user: innerEndpoint.ownerUri, credential: credential, client: platform.applicationName,
                issueSessionToken: issueSessionToken))
            box.withLock { state in
                state.connection = connection
                state.reply = reply
                state.state = .established
            }
            notifyState()
        } catch {
            await connection.close()
            setState(.terminated)
            throw error
        }
    }

    /// Leaves every session and disconnects.
    public func terminate() async {
        let (connection, sessions): (ServerConnection?, [ChatRoomSession]) = box.withLock { state in
            guard state.state == .established || state.state == .establishing else { return (nil, []) }
            state.state = .terminating
            return (state.connection, Array(state.sessions.values))
        }
        guard let connection else { return }
        notifyState()
        for session in sessions { try? await session.leave() }
        _ = try? await connection.request(TerminateRequest())
        await connection.close()
        setState(.terminated)
    }

    // MARK: Internal

    func connectionOrThrow() throws(PersistentChatError) -> ServerConnection {
        try box.withLock { state throws(PersistentChatError) in
            guard state.state == .established, let connection = state.connection else {
                throw .invalidState("the endpoint is \(state.state.rawValue), not established")
            }
            return connection
        }
    }

    var serverInfo: ServerInfo? { box.withLock { $0.reply?.server } }

    func register(_ session: ChatRoomSession, for uri: ChatRoomURI) -> Bool {
        box.withLock { state in
            guard state.sessions[uri] == nil else { return false }
            state.sessions[uri] = session
            return true
        }
    }

    func unregister(_ uri: ChatRoomURI) { box.withLock { _ = $0.sessions.removeValue(forKey: uri) } }

    private func received(_ notice: Notice) {
        guard case .invitation(let payload) = notice else { return }
        let invitation = ChatRoomInvitation(payload)
        for watcher in box.withLock({ Array($0.invitationWatchers.values) }) { watcher.yield(invitation) }
    }

    private func connectionClosed(_ error: PersistentChatError) {
        let previous = box.withLock { state -> PersistentChatEndpointState in
            let previous = state.state
            if previous != .terminated {
                state.state = .terminated
                state.sessions.removeAll()
            }
            return previous
        }
        guard previous != .terminated else { return }
        if previous == .established {
            innerEndpoint.platform.logger.notice("connection to the server ended: \(error.message)")
        }
        notifyState()
    }

    private func setState(_ new: PersistentChatEndpointState) {
        box.withLock { $0.state = new }
        notifyState()
    }

    private func notifyState() {
        let (current, watchers) = box.withLock { ($0.state, Array($0.stateWatchers.values)) }
        for watcher in watchers { watcher.yield(current) }
    }
}
