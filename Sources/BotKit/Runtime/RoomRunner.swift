import Logging
import PersistentChat
import Synchronization

/// Serves one room file: keeps the host in the room across reconnects, catches up on what was missed through
/// history, and hands each message to the room's bot instances (which admit each message once).
final class RoomRunner: Sendable {
    let configuration: HostConfiguration.Room
    let link: RoomLink
    let supervisors: [BotSupervisor]
    /// The room, known since the first join; later joins use its URI, so a renamed room is still found.
    let summary: ChatRoomSummary
    var uri: ChatRoomURI { summary.chatRoomUri }
    private let logger: Logger
    private let newest: Mutex<Int64>
    /// The instances' webhooks, removed at stop.
    private let routes: (table: WebhookRoutes, keys: [String])?
    /// Whether the runner has been in the room since its instances started (then a join is a resumption).
    private let beenIn = Mutex(false)
    /// Whether the host is in the room now, so that a loss is told once.
    private let inRoom = Mutex(false)

    /// `newest` is the id of the room's newest message when the runner is made.
    init(configuration: HostConfiguration.Room, summary: ChatRoomSummary, newest: Int64, link: RoomLink,
         supervisors: [BotSupervisor], logger: Logger, routes: WebhookRoutes? = nil) {
        self.routes = routes.map { table in
            (table, table.register(room: summary.name, supervisors: supervisors, instances: configuration.bots))
        }
        self.configuration = configuration
        self.summary = summary
        self.link = link
        self.supervisors = supervisors
        self.logger = logger
        self.newest = Mutex(newest)
    }

    /// The id of the newest message the runner has seen in the room.
    var newestSeen: Int64 { newest.withLock { $0 } }

    /// Stops the room's instances (cancelling their calls); the serving task must already be gone.
    func stop() async {
        if let routes { routes.table.remove(routes.keys) }
        link.stop()
        for supervisor in supervisors { await supervisor.stop() }
    }

    /// Serves the room through `endpoint` until the task is cancelled (the endpoint is gone, or the host stops).
    ///
    /// `joined` is a session already in the room (the first start); otherwise the room is joined, and a refused
    /// join is tried again after a growing wait.
    func serve(endpoint: PersistentChatEndpoint, joined: ChatRoomSession?, backoff: ReconnectBackoff, clock: any BotClock) async {
        var backoff = backoff
        var session = joined
        while !Task.isCancelled {
            if session == nil {
                // A connection that is gone is the endpoint runner's to renew; it cancels this task.
                guard endpoint.state == .established else { return }
                let candidate = ChatRoomSession(endpoint: endpoint)
                do {
                    try await candidate.join(uri: uri, history: 0)
                    session = candidate
                    backoff.reset()
                    logger.notice("rejoined room")
                } catch {
                    let delay = backoff.nextDelay()
                    logger.error("cannot rejoin room; trying again", metadata: [
                        "error": "\(error)", "attempt": "\(backoff.attempts)", "next_in": "\(DurationText.describe(delay))",
                    ])
                    do { try await clock.sleep(for: delay) } catch { return }
                    continue
                }
            }
            guard let current = session else { continue }
            link.attach(current)
            await feed(current)
            link.detach()
            session = nil
            if !Task.isCancelled { connectionLost() }
            // In a task of its own: this one may be cancelled (the room was removed), and the leave must still go out.
            if current.state == .established { await Task { try? await current.leave() }.value }
        }
    }

    /// Catches up through history, then hands over live messages, until the session ends or the task is cancelled.
    private func feed(_ session: ChatRoomSession) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                var caughtUp = 0
                do {
                    caughtUp = try await catchUp(session)
                } catch {
                    // The live messages still flow; the gap is logged, and the ledger covers it at the next join.
                    logger.error("history catch-up failed", metadata: ["error": "\(error)"])
                }
                let resumed = beenIn.withLock { beenIn in
                    defer { beenIn = true }
                    return beenIn
                }
                inRoom.withLock { $0 = true }
                broadcast(resumed ? .endpointResumed(caughtUp: caughtUp) : .endpointConnected)
                for await message in session.messages { deliver(message) }
            }
            group.addTask {
                for await event in session.events {
                    switch event {
                    case .stateChanged(.terminated, let reason):
                        if let reason { self.logger.warning("left the room", metadata: ["reason": "\(reason.message)"]) }
                        return
                    case .stateChanged:
                        break
                    case .participantAttendanceChanged(let participant, let isActive):
                        guard participant.sipUri.value != self.configuration.endpoint else { break }
                        self.broadcast(isActive ? .participantJoined(participant) : .participantLeft(participant))
                    case .participantPrivilegeChanged(let participant):
                        self.broadcast(.privilegeChanged(participant))
                    case .propertiesChanged(let old, let new):
                        self.broadcast(.roomPropertiesChanged(old: old, new: new))
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Hands over every stored message after the instances' resume point, page by page; returns how many.
    private func catchUp(_ session: ChatRoomSession) async throws -> Int {
        guard var after = supervisors.map(\.resumePoint).min() else { return 0 }
        var caughtUp = 0
        while !Task.isCancelled {
            let page = try await session.queryChatHistory(ChatHistoryQueryOptions(startingMessageId: after))
            for message in page.messages { deliver(message) }
            caughtUp += page.messages.count
            guard page.exceededServerLimit, let last = page.messages.last?.messageId else { break }
            after = last
        }
        if caughtUp > 0 { logger.notice("caught up through history", metadata: ["messages": "\(caughtUp)"]) }
        return caughtUp
    }

    /// The host is out of the room (its session or its connection ended): tells the instances, once per loss.
    func connectionLost() {
        let wasIn = inRoom.withLock { inRoom in
            defer { inRoom = false }
            return inRoom
        }
        if wasIn { broadcast(.endpointDisconnected) }
    }

    func broadcast(_ event: BotEvent) {
        for supervisor in supervisors { supervisor.enqueue(event) }
    }

    private func deliver(_ message: ChatMessage) {
        newest.withLock { $0 = max($0, message.messageId) }
        guard message.messageAuthor.value != configuration.endpoint else { return }
        for supervisor in supervisors { supervisor.enqueue(message) }
    }
}
