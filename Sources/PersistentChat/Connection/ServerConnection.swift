import Logging
import Synchronization
import NIOCore
import NIOWebSocket

/// Receives what the server pushes for one room.
protocol RoomEventSink: AnyObject, Sendable {
    func receive(_ message: ChatMessagePayload)
    func receive(_ notice: Notice)
    func connectionLost(_ error: PersistentChatError)
}

/// The WebSocket to one server: numbered requests, their replies, and pushed frames routed to sessions.
///
/// Frames are read on the connection's event loop (``ServerFrameHandler``) and written through a ``FrameWriter``;
/// no task runs per connection, so a reply reaches its waiter with one wake-up.
final class ServerConnection: Sendable {
    private struct State {
        var writer: FrameWriter?
        var nextSeq = 1
        var pending: [Int: ReplySlot] = [:]
        var sinks: [ChatRoomURI: any RoomEventSink] = [:]
        /// Joins sent and not yet claimed by a session.
        var joinsInFlight = 0
        /// Messages for rooms without a session that arrived while a join was in flight (the join's own room among them).
        var unclaimed: [ChatRoomURI: [ChatMessagePayload]] = [:]
        var closedError: PersistentChatError?
    }
    private let url: String
    private let logger: Logger
    private let codec = FrameCodec()
    private let state = Mutex(State())
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

    /// Opens the WebSocket (a `wss://` one verified against `trust`); returns once it is open, or throws why not.
    func open(frameSizeLimit: Int, trust: ServerTrust = .system) async throws(PersistentChatError) {
        let address = try WebSocketAddress(url)
        let channel = try await WebSocketDialer.connect(to: address, trust: trust, frameSizeLimit: frameSizeLimit) { [self] in
            [
                IdleStateHandler(readTimeout: ServerFrameHandler.silenceLimit),
                NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024,
                                            maxAccumulatedFrameSize: frameSizeLimit),
                ServerFrameHandler(connection: self),
            ]
        }
        let closedError = state.withLock { state in
            state.writer = FrameWriter(channel: channel)
            return state.closedError
        }
        if let closedError { throw closedError }
    }

    /// Sends a command and waits for its reply; a failed reply throws the server's error.
    func request<Command: ChatCommand>(_ command: Command) async throws(PersistentChatError) -> Command.Reply {
        try await submit(command).value().reply(to: Command.self)
    }

    /// Sends a command and returns at once; the reply (or the error that ends the connection) completes the slot.
    /// Commands submitted one after another reach the server in that order.
    func submit(_ command: any ChatCommand) throws(PersistentChatError) -> ReplySlot {
        let slot = ReplySlot()
        let (writer, seq) = try state.withLock { state throws(PersistentChatError) -> (FrameWriter, Int) in
            if let closedError = state.closedError { throw closedError }
            guard let writer = state.writer else { throw .invalidState("the endpoint is not established") }
            let seq = state.nextSeq
            state.nextSeq += 1
            state.pending[seq] = slot
            return (writer, seq)
        }
        if let post = command as? PostRequest, let bytes = HotFrames.post(seq: seq, post) {
            writer.send(bytes)
        } else {
            let frame = ClientFrame(seq: seq, command: command)
            do {
                writer.send(try codec.encode(frame))
            } catch {
                state.withLock { _ = $0.pending.removeValue(forKey: seq) }
                throw .invalidArgument("cannot encode \(frame.name): \(error)")
            }
        }
        return slot
    }

    /// Marks a join as sent: until it is claimed or abandoned, messages for rooms without a session are kept.
    func beginJoin() { state.withLock { $0.joinsInFlight += 1 } }

    /// Ends a join that failed.
    func abandonJoin() { state.withLock { Self.abandonJoin(&$0) } }

    /// Routes a room's pushed messages and notices to `sink` until ``removeSink(for:)``, first handing it what
    /// arrived for the room while its join was in flight.
    func setSink(_ sink: any RoomEventSink, for room: ChatRoomURI) {
        let early = state.withLock { state in
            state.sinks[room] = sink
            defer { Self.abandonJoin(&state) }
            return state.unclaimed.removeValue(forKey: room) ?? []
        }
        for message in early { sink.receive(message) }
    }

    func removeSink(for room: ChatRoomURI) { state.withLock { _ = $0.sinks.removeValue(forKey: room) } }

    /// Closes the WebSocket after what is queued has been sent.
    func close() async {
        guard let writer = state.withLock({ $0.writer }) else { return }
        await writer.close(code: .normalClosure, reason: "terminated", timeout: .seconds(5))
    }

    /// Handles one text frame from the server; runs on the event loop.
    func received(_ text: String) {
        let frame: InboundFrame
        do {
            frame = try codec.decodeServerFrame(text)
        } catch {
            logger.warning("ignored an undecodable frame from the server: \(error)")
            return
        }
        switch frame {
        case .reply(let seq, _, let raw):
            state.withLock { $0.pending.removeValue(forKey: seq) }?.complete(.success(raw))
        case .failure(let seq, let command, let error):
            if let slot = state.withLock({ $0.pending.removeValue(forKey: seq) }) {
                slot.complete(.failure(PersistentChatError(error)))
            } else {
                logger.warning("server refused a frame", metadata: ["command": "\(command)", "error": "\(error.message)"])
            }
        case .message(let message):
            let sink = state.withLock { state -> (any RoomEventSink)? in
                if let sink = state.sinks[message.room] { return sink }
                if state.joinsInFlight > 0 { state.unclaimed[message.room, default: []].append(message) }
                return nil
            }
            sink?.receive(message)
        case .notice(let notice):
            if let room = notice.room {
                state.withLock { $0.sinks[room] }?.receive(notice)
            } else {
                onNotice(notice)
            }
        }
    }

    /// The connection has ended: every waiting command and every session learns why.
    func closed(_ error: PersistentChatError) {
        let ended = state.withLock { state -> (pending: [ReplySlot], sinks: [any RoomEventSink])? in
            guard state.closedError == nil else { return nil }
            state.closedError = error
            defer {
                state.pending.removeAll()
                state.sinks.removeAll()
                state.unclaimed.removeAll()
            }
            return (Array(state.pending.values), Array(state.sinks.values))
        }
        guard let ended else { return }
        for slot in ended.pending { slot.complete(.failure(error)) }
        for sink in ended.sinks { sink.connectionLost(error) }
        onClose(error)
    }

    private static func abandonJoin(_ state: inout State) {
        state.joinsInFlight = max(0, state.joinsInFlight - 1)
        if state.joinsInFlight == 0 { state.unclaimed.removeAll() }
    }
}
