import Logging
import NIOCore
import NIOWebSocket
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
    /// The rooms joined, with what the caller may do in each.
    let joined = JoinedRooms()
    /// Set once the connection must stop reading.
    private(set) var isClosing = false
    /// Where the connection comes from, as sign-in throttling counts it.
    let source: SignInSource

    init(core: ServerCore, outbox: Outbox, logger: Logger, remoteAddress: SocketAddress? = nil) {
        self.core = core
        self.outbox = outbox
        self.source = SignInSource(remoteAddress)
        self.logger = logger
        self.logger[metadataKey: "connection"] = "\(outbox.id)"
    }

    /// Handles one text frame (a post is acknowledged later, by the committer).
    mutating func handle(_ text: String) async {
        switch core.codec.decodeClientFrame(text) {
        case .failure(let failure):
            logger.debug("refused frame: \(LogText.escaped(failure.error.payload.message))")
            send(.failure(seq: failure.seq, command: "", failure.error.payload))
        case .success(let frame):
            await handle(frame)
        }
    }

    /// Runs the frame's command by its handler in the core's table; a command's failure is its reply.
    private mutating func handle(_ frame: ClientFrame) async {
        let seq = frame.seq
        do throws(ErrorPayload) {
            guard let handler = core.commands.handler(for: frame.command) else {
                throw caller == nil ? Self.notEstablished : ErrorPayload(
                    .msgNotSupported, .unknownCommand, "the server does not handle '\(frame.name)'")
            }
            switch handler.stage {
            case .established(let run):
                guard let caller else { throw Self.notEstablished }
                try await run(frame.command, seq, caller, &self)
            case .opening(let open):
                guard caller == nil else {
                    throw ErrorPayload(.invalidFlowOfOperations, .alreadyEstablished, "this connection is already established")
                }
                do throws(ErrorPayload) {
                    try await open(frame.command, seq, &self)
                } catch {
                    refuse(seq: seq, command: frame.name, error)
                }
            }
        } catch {
            send(.failure(seq: seq, command: frame.name, error))
        }
    }

    private static let notEstablished = ErrorPayload(
        .invalidFlowOfOperations, .notEstablished, "the first command must be 'establish'")

    /// Checks the identity and binds the connection to it (the first command).
    mutating func establish(_ request: EstablishRequest) async throws(ErrorPayload) -> EstablishReply {
        let entry = try await core.signIn(request, from: source, logger: logger)
        guard let address = entry.sipAddress, let uri = SIPURI(address) else {
            throw ErrorPayload(.errorPermission, .identityNotAUser, "the directory entry has no usable SIP address")
        }
        caller = Caller(entry: entry, uri: uri)
        outbox.markEstablished()
        await core.hub.connect(uri, outbox: outbox)
        // A directory reload that came while the password was checked did not see this connection: check it here.
        if let lost = SignInLoss.reason(for: uri, signedInAs: entry, in: core.directory) { throw lost }
        var token: SessionTokenPayload?
        if request.issueSessionToken {
            var notAfter: Int64?
            // A token that expired since it was checked gives one that is expired too.
            if case .sessionToken(let presented) = request.credential {
                notAfter = try await core.sessionTokens.expiry(of: presented) ?? ServerCore.now
            }
            token = try await core.sessionTokens.issue(for: uri, hours: core.configuration.webClient.sessionTokenHours, notAfter: notAfter)
        }
        logger[metadataKey: "user"] = "\(uri)"
        logger.info("endpoint established", metadata: [
            "client": "\(LogText.escaped(request.client ?? "-"))", "by": "\(request.credential.logName)",
        ])
        let principal = PrincipalPayload(uri: uri, displayName: entry.displayName ?? uri.value)
        return EstablishReply(user: principal, server: core.serverInfo, sessionToken: token)
    }

    /// Replies with the refusal and closes: an unauthenticated connection gets no second try.
    private mutating func refuse(seq: Int, command: String, _ error: ErrorPayload) {
        send(.failure(seq: seq, command: command, error))
        close(.policyViolation, reason: error.detail.rawValue)
    }

    /// Stops reading and closes the WebSocket.
    mutating func close(_ code: WebSocketErrorCode, reason: String) {
        isClosing = true
        outbox.close(code, reason: reason)
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

    /// Encodes a frame and queues it for this endpoint.
    func send(_ frame: ServerFrame) {
        do {
            outbox.send(ByteBuffer(bytes: try core.codec.encodeBytes(frame)))
        } catch {
            logger.error("could not encode a reply: \(error)")
        }
    }
}

private extension EstablishRequest.Credential {
    /// How the endpoint signed in, for the log (never the secret).
    var logName: String {
        switch self {
        case .password: "password"
        case .sessionToken: "session token"
        }
    }
}
