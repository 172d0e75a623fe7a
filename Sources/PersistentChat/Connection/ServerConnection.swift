import HummingbirdWSClient
import Logging
import NIOCore

/// Receives what the server pushes for one room.
protocol RoomEventSink: AnyObject, Sendable {
    func receive(_ message: ChatMessagePayload)
    func receive(_ notice: Notice)
    func connectionLost(_ error: PersistentChatError)
}

/// The WebSocket to one server: numbered requests, their replies, and pushed frames routed to sessions.
actor ServerConnection {
    private let url: String
    private let logger: Logger
    private let codec = FrameCodec()
    private var outgoing: AsyncStream<String>.Continuation?
    private var nextSeq = 1
    private var pending: [Int: ReplySlot] = [:]
    private var sinks: [ChatRoomURI: any RoomEventSink] = [:]
    /// Joins sent and not yet claimed by a session.
    private var joinsInFlight = 0
    /// Messages for rooms without a session that arrived while a join was in flight (the join's own room among them).
    private var unclaimed: [ChatRoomURI: [ChatMessagePayload]] = [:]
    private var runTask: Task<Void, Never>?
    private var closedError: PersistentChatError?
    private let onClose: @Sendable (PersistentChatError) -> Void
    private let onNotice: @Sendable (Notice) -> Void

    /// `onNotice` receives the notices about no room (invitations); `onClose` why the connection ended.
    init(url: String, logger: Logger, onNotice: @escaping @Sendable (Notice) -> Void,
         onClose: @escaping @Sendable (PersistentChatError) -> Void) {
        self.url = url
        self.logger = logger
        self.onNotice = onNotice
        self.onClose = onClose
    }

    /// Opens the WebSocket; returns once it is open, or throws why it could not be.
    func open(frameSizeLimit: Int) async throws(PersistentChatError) {
        let (outgoingStream, outgoing) = AsyncStream.makeStream(of: String.self)
        self.outgoing = outgoing
        let (opened, openedContinuation) = AsyncStream.makeStream(of: PersistentChatError?.self)
        let url = url
        let logger = logger
        runTask = Task {
            let ending = await Self.run(url: url, frameSizeLimit: frameSizeLimit, logger: logger, outgoing: outgoingStream,
                                        opened: openedContinuation, connection: self)
            self.closed(ending)
        }
        var iterator = opened.makeAsyncIterator()
        switch await iterator.next() {
        case .some(.none):
            return
        case .some(.some(let error)):
            throw error
        case .none:
            throw .connection("cannot connect to \(url)")
        }
    }

    /// Runs the WebSocket until it closes and says why it ended.
    private nonisolated static func run(
        url: String, frameSizeLimit: Int, logger: Logger, outgoing: AsyncStream<String>,
        opened: AsyncStream<PersistentChatError?>.Continuation, connection: ServerConnection
    ) async -> PersistentChatError {
        let client = WebSocketClient(
            url: url, configuration: .init(maxFrameSize: frameSizeLimit), logger: logger
        ) { inbound, outbound, _ in
            opened.yield(nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await text in outgoing {
                        try await outbound.write(.text(text))
                    }
                    try await outbound.close(.normalClosure, reason: "terminated")
                }
                for try await message in inbound.messages(maxSize: frameSizeLimit) {
                    if case .text(let text) = message { await connection.dispatch(text) }
                }
                group.cancelAll()
            }
        }
        let ending: PersistentChatError
        do {
            let close = try await client.run()
            if let close, close.closeCode != .normalClosure {
                ending = .connection("the server closed the connection: \(close.reason ?? "\(close.closeCode)")")
            } else {
                ending = .connection("the connection is closed")
            }
        } catch {
            ending = .connection("cannot connect to \(url): \(error)")
        }
        opened.yield(ending)
        opened.finish()
        return ending
    }

    /// Sends a command and waits for its reply; a failed reply throws the server's error.
    func request<Command: ChatCommand>(_ command: Command) async throws(PersistentChatError) -> Command.Reply {
        try await submit(command).value().reply(to: Command.self)
    }

    /// Sends a command and returns at once; the reply (or the error that ends the connection) completes the slot.
    /// Commands submitted one after another reach the server in that order.
    func submit(_ command: any ChatCommand) throws(PersistentChatError) -> ReplySlot {
        if let closedError { throw closedError }
        guard let outgoing else { throw .invalidState("the endpoint is not established") }
        let seq = nextSeq
        nextSeq += 1
        let text: String
        if let post = command as? PostRequest, let bytes = HotFrames.post(seq: seq, post) {
            text = String(decoding: bytes, as: UTF8.self)
        } else {
            let frame = ClientFrame(seq: seq, command: command)
            do {
                text = try codec.encode(frame)
            } catch {
                throw .invalidArgument("cannot encode \(frame.name): \(error)")
            }
        }
        let slot = ReplySlot()
        pending[seq] = slot
        outgoing.yield(text)
        return slot
    }

    /// Marks a join as sent: until it is claimed or abandoned, messages for rooms without a session are kept.
    func beginJoin() { joinsInFlight += 1 }

    /// Ends a join that failed.
    func abandonJoin() {
        joinsInFlight = max(0, joinsInFlight - 1)
        if joinsInFlight == 0 { unclaimed.removeAll() }
    }

    /// Routes a room's pushed messages and notices to `sink` until ``removeSink(for:)``, first handing it what
    /// arrived for the room while its join was in flight.
    func setSink(_ sink: any RoomEventSink, for room: ChatRoomURI) {
        sinks[room] = sink
        for message in unclaimed.removeValue(forKey: room) ?? [] { sink.receive(message) }
        abandonJoin()
    }
    func removeSink(for room: ChatRoomURI) { sinks[room] = nil }

    /// Closes the WebSocket after what is queued has been sent.
    func close() async {
        outgoing?.finish()
        await runTask?.value
    }

    private func dispatch(_ text: String) {
        let frame: InboundFrame
        do {
            frame = try codec.decodeServerFrame(text)
        } catch {
            logger.warning("ignored an undecodable frame from the server: \(error)")
            return
        }
        switch frame {
        case .reply(let seq, _, let raw):
            pending.removeValue(forKey: seq)?.complete(.success(raw))
        case .failure(let seq, let command, let error):
            if let slot = pending.removeValue(forKey: seq) {
                slot.complete(.failure(PersistentChatError(error)))
            } else {
                logger.warning("server refused a frame", metadata: ["command": "\(command)", "error": "\(error.message)"])
            }
        case .message(let message):
            if let sink = sinks[message.room] {
                sink.receive(message)
            } else if joinsInFlight > 0 {
                unclaimed[message.room, default: []].append(message)
            }
        case .notice(let notice):
            if let room = notice.room { sinks[room]?.receive(notice) } else { onNotice(notice) }
        }
    }

    private func closed(_ error: PersistentChatError) {
        guard closedError == nil else { return }
        closedError = error
        outgoing?.finish()
        for slot in pending.values { slot.complete(.failure(error)) }
        pending.removeAll()
        for sink in sinks.values { sink.connectionLost(error) }
        sinks.removeAll()
        onClose(error)
    }
}
