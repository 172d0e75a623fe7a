import Logging
import PersistentChat
import Synchronization

/// Serves one room file: keeps the host in the room across reconnects, catches up on what was missed through
/// history, and hands each message to the room's bot instances (which admit each message once). An instance that
/// fell behind (its queue full) is caught up from history on its own, once it has room again.
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
    /// Instances (by index) that fell behind and have room again, for ``catchUpTask``.
    private let catchUpRequests: AsyncStream<Int>.Continuation
    /// Catches up the instances that fell behind, one at a time, until ``stop()``.
    private let catchUpTask = Mutex<Task<Void, Never>?>(nil)

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
        let (requests, continuation) = AsyncStream.makeStream(of: Int.self)
        catchUpRequests = continuation
        // Each instance asks once per catch-up, so the stream holds at most one request per instance.
        for (index, supervisor) in supervisors.enumerated() {
            supervisor.whenCatchUpDue { continuation.yield(index) }
        }
        let task = Task { [self] in
            for await index in requests where supervisors.indices.contains(index) {
                await catchUp(supervisors[index])
            }
        }
        catchUpTask.withLock { $0 = task }
    }

    /// The id of the newest message the runner has seen in the room.
    var newestSeen: Int64 { newest.withLock { $0 } }

    /// Stops the room's instances (cancelling their calls); the serving task must already be gone.
    func stop() async {
        if let routes { routes.table.remove(routes.keys) }
        catchUpRequests.finish()
        if let task = catchUpTask.withLock({ $0 }) {
            task.cancel()
            await task.value
        }
        // The calls under way end first, while the link still stands: a reply waiting for a session then ends as
        // stopped (its message is handed over again after a restart), not as a failure recorded as handled.
        for supervisor in supervisors { await supervisor.stopCalls() }
        link.stop()
        for supervisor in supervisors { await supervisor.tellStopping() }
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
                // Instances still behind (their queue filled during the catch-up) go on from history on their own.
                for supervisor in supervisors { supervisor.askCatchUpIfBehind() }
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

    /// Hands over every stored message after the instances' resume point, page by page; returns how many. An
    /// instance whose queue fills is offered no more of them (it is then behind, and caught up on its own later).
    private func catchUp(_ session: ChatRoomSession) async throws -> Int {
        guard var after = supervisors.map(\.resumePoint).min() else { return 0 }
        var caughtUp = 0
        var full = Array(repeating: false, count: supervisors.count)
        while !Task.isCancelled, full.contains(false) {
            let page = try await session.queryChatHistory(ChatHistoryQueryOptions(startingMessageId: after))
            for message in page.messages {
                noteNewest(message)
                guard message.messageAuthor.value != configuration.endpoint else { continue }
                for (index, supervisor) in supervisors.enumerated() where !full[index] {
                    if !supervisor.offer(message, live: false) { full[index] = true }
                }
            }
            caughtUp += page.messages.count
            guard page.exceededServerLimit, let last = page.messages.last?.messageId else { break }
            after = last
        }
        if caughtUp > 0 { logger.notice("caught up through history", metadata: ["messages": "\(caughtUp)"]) }
        return caughtUp
    }

    /// Catches up one instance that fell behind, from history after the last message it was handed, as far as its
    /// queue has room; it is no longer behind once it has every message it passed over. Without a session (the host
    /// is out of the room) the next join's catch-up goes on from where it stands.
    private func catchUp(_ supervisor: BotSupervisor) async {
        supervisor.catchUpStarted()
        var after = supervisor.resumePoint
        // Ends with nothing newer than what was passed over: once is a race with a post, three times is a room that
        // keeps no history (or lost it).
        var endsShortOfPassedOver = 0
        var failures = 0
        while !Task.isCancelled {
            guard let session = link.current else { return }
            let room = supervisor.room
            // Full again: it asks once more when it is down to half.
            guard room > 0 else { return }
            let page: ChatHistoryResult
            do {
                page = try await session.queryChatHistory(ChatHistoryQueryOptions(resultLimit: room, startingMessageId: after))
                failures = 0
            } catch {
                failures += 1
                logger.warning("history catch-up of a bot that fell behind failed", metadata: [
                    "bot": "\(supervisor.name)", "error": "\(error)", "attempt": "\(failures)",
                ])
                guard failures < 5 else { return giveUp(supervisor, reason: "the history cannot be read") }
                do { try await Task.sleep(for: .seconds(1)) } catch { return }
                continue
            }
            for message in page.messages {
                noteNewest(message)
                guard message.messageAuthor.value != configuration.endpoint else { continue }
                guard supervisor.offer(message, live: false) else { return }
            }
            if let last = page.messages.last?.messageId { after = last }
            if page.exceededServerLimit || page.messages.count >= room { continue }
            if supervisor.endBehindIfCaughtUp() {
                logger.notice("a bot that fell behind has caught up through history", metadata: ["bot": "\(supervisor.name)"])
                return
            }
            endsShortOfPassedOver = page.messages.isEmpty ? endsShortOfPassedOver + 1 : 0
            guard endsShortOfPassedOver < 3 else { return giveUp(supervisor, reason: "the room's history does not have them (a room that keeps no history?)") }
            do { try await Task.sleep(for: .milliseconds(100 * endsShortOfPassedOver)) } catch { return }
        }
    }

    /// Stops waiting for passed-over messages that history cannot hand over.
    private func giveUp(_ supervisor: BotSupervisor, reason: String) {
        logger.error("a bot that fell behind misses the messages it passed over", metadata: [
            "bot": "\(supervisor.name)", "reason": "\(reason)",
        ])
        supervisor.giveUpCatchingUp()
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

    /// Offers a live message to every instance (one that is behind passes it over).
    private func deliver(_ message: ChatMessage) {
        noteNewest(message)
        guard message.messageAuthor.value != configuration.endpoint else { return }
        for supervisor in supervisors { _ = supervisor.offer(message, live: true) }
    }

    private func noteNewest(_ message: ChatMessage) {
        newest.withLock { $0 = max($0, message.messageId) }
    }
}
