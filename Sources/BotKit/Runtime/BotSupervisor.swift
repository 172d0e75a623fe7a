import Foundation
import Logging
import PersistentChat
import Synchronization

/// Supervises one bot instance (a bot type × an endpoint × a room): it has its own queue of the room's messages,
/// handles at most `concurrency` of them at once, each under a timeout, and a circuit breaker disables it while it
/// keeps failing or hanging. Nothing it does reaches another instance or the host.
///
/// Its queue is bounded (``QueueBounds``): past `messages` held it falls behind and passes over live messages, which
/// the room runner hands over from history once it has room (``MessageBacklog``); room events past `events` and
/// webhook calls past `webhooks` are refused.
final class BotSupervisor: Sendable {
    /// `type#index`, as in the logs.
    let name: String
    private let queue: AsyncStream<Delivery>.Continuation
    private let context: BotContext
    private let instance: BotInstance
    private let clock: any BotClock
    /// The task, timers, queued jobs, breaker, counts and cursor: one state under one lock.
    private let state: Mutex<SupervisorState>
    let abandoned = AbandonedCalls()
    private let ledger: LedgerBinding?
    /// Finished messages, in the order they finished, on their way to the ledger.
    private let records: AsyncStream<LedgerRecord>.Continuation
    /// Told when the instance, behind, has room again: the room runner then catches it up from history.
    private let catchUpDue = Mutex<(@Sendable () -> Void)?>(nil)
    /// The instance's counters and timers.
    let metrics: BotInstanceMetrics
    /// When each message the instance holds and has not finished was posted, by id: how far behind it is.
    private let unfinished = Mutex<[Int64: Date]>([:])

    /// `start` is where the instance stands in the room (from the ledger); `ledger`, when given, is told of each
    /// message the instance finishes.
    init(name: String, instance: BotInstance, context: BotContext, clock: any BotClock, start: HandledLedger.Entry,
         ledger: LedgerBinding?, bounds: QueueBounds = QueueBounds(), metrics: BotInstanceMetrics) {
        self.name = name
        self.metrics = metrics
        self.ledger = ledger
        let policy = instance.supervision
        state = Mutex(SupervisorState(
            breaker: CircuitBreaker(threshold: policy.breakerFailures, coolDown: policy.breakerCoolDown),
            counts: BotStatistics(name: name, room: context.room.name),
            cursor: DeliveryCursor(start), bounds: bounds))
        let (stream, queue) = AsyncStream.makeStream(of: Delivery.self)
        self.queue = queue
        let (finishedMessages, records) = AsyncStream.makeStream(of: LedgerRecord.self)
        self.records = records
        self.context = context
        self.instance = instance
        self.clock = clock
        let recorder = Task { [self] in
            // In finishing order: a record's watermark covers only messages that finished before it, whose records
            // (and so whose replies) came first.
            for await record in finishedMessages {
                await record.replies?.settled()
                unfinished.withLock { _ = $0.removeValue(forKey: record.messageId) }
                if let ledger {
                    ledger.ledger.recordSoon(room: ledger.room, bot: name, handled: record.messageId, watermark: record.watermark)
                }
                // The message is no longer held.
                if state.withLock({ $0.backlog.release() }) { catchUpDue.withLock { $0 }?() }
            }
        }
        queue.yield(.event(.instanceStarted))
        let started = Task { [self] in
            await run(stream, instance: instance, context: context, clock: clock)
        }
        state.withLock {
            $0.task = started
            $0.recorder = recorder
        }
        startTimers()
        let schedules = ScheduleRunner(commands: instance.commands, context: context) { [self] label, run in
            await withCheckedContinuation { continuation in
                enqueue(label, run: run) { continuation.resume(returning: $0) }
            }
        }
        var tasks = schedules.start()
        // Questions the host stopped waiting for are answered in the room.
        tasks.append(Task { [self] in
            guard await OpenQuestion.anyLeftOpen(context) else { return }
            enqueue("questions left open", run: OpenQuestion.answerLeftOpen)
        })
        state.withLock { $0.timers += tasks }
    }

    /// `handler` is told each time the instance, behind, has room again (once per catch-up).
    func whenCatchUpDue(_ handler: @escaping @Sendable () -> Void) {
        catchUpDue.withLock { $0 = handler }
    }

    /// Offers a room message, live or from the history (then in order, each message after the last offered): it is
    /// queued unless it was handed over before, or the instance is behind (a live one) or holds its bound. False when
    /// it was passed over: a history sequence must then stop offering to this instance.
    func offer(_ message: ChatMessage, live: Bool) -> Bool {
        let (offer, answered) = state.withLock { state -> (SupervisorState.Offer, Int64?) in
            let offer = state.offer(message.messageId, live: live)
            guard case .queued = offer else { return (offer, nil) }
            // An answer to a question the bot asked goes no further; it is finished at once.
            if context.questions.take(message) { return (offer, state.answered(message.messageId)) }
            // Under the lock: messages offered from two sequences at once reach the queue in the order admitted.
            unfinished.withLock { $0[message.messageId] = message.timestamp }
            queue.yield(.message(message))
            return (offer, nil)
        }
        if let answered {
            records.yield(LedgerRecord(messageId: message.messageId, watermark: answered, replies: nil))
        }
        switch offer {
        case .queued, .known:
            return true
        case .passedOver(let fellBehind):
            if fellBehind {
                context.logger.warning("bot fell behind: its queue is full; messages are passed over and handed over from history when it has room", metadata: [
                    "bot": "\(name)", "queue": "\(state.withLock { $0.bounds.messages })", "message": "\(message.messageId)",
                ])
            }
            return false
        }
    }

    /// How many more messages the instance may be handed now.
    var room: Int { state.withLock { $0.backlog.room } }

    /// Whether it is behind (live messages are passed over).
    var isBehind: Bool { state.withLock { $0.backlog.behind } }

    /// A catch-up starts; a later release may ask for another.
    func catchUpStarted() {
        state.withLock { $0.backlog.catchUpStarted() }
    }

    /// Ends being behind when every message passed over has been handed over; true when it is not behind (any more).
    func endBehindIfCaughtUp() -> Bool {
        state.withLock { $0.backlog.endBehind(highestAdmitted: $0.cursor.highestAdmitted) }
    }

    /// The messages passed over are not in the history: live messages are queued again.
    func giveUpCatchingUp() {
        state.withLock { $0.backlog.giveUp() }
    }

    /// Asks for a catch-up now when the instance is behind and has room (after a join's history ran out, say).
    func askCatchUpIfBehind() {
        if state.withLock({ $0.backlog.askCatchUpIfDue() }) { catchUpDue.withLock { $0 }?() }
    }

    /// Queues a call outside the room's messages (a webhook, a timer's tick), in order with them; `done` hears how it
    /// ended, or nil when the instance is disabled or stopping and did not run it.
    func enqueue(_ label: String, run: @escaping @Sendable (BotContext) async throws -> Void,
                 done: @escaping @Sendable (HandlerOutcome?) -> Void = { _ in }) {
        let id = state.withLock { $0.addJob(done) }
        if case .terminated = queue.yield(.job(Job(id: id, label: label, run: run))) { takeJob(id)?(nil) }
    }

    /// Queues a webhook call as ``enqueue(_:run:done:)`` does; false (`done` is not called) when `queues.webhooks`
    /// calls wait already.
    func enqueueWebhook(_ label: String, run: @escaping @Sendable (BotContext) async throws -> Void,
                        done: @escaping @Sendable (HandlerOutcome?) -> Void) -> Bool {
        guard let id = state.withLock({ $0.addWebhookJob(done) }) else {
            context.logger.warning("\(label) refused: its bot's webhook queue is full", metadata: ["bot": "\(name)"])
            return false
        }
        if case .terminated = queue.yield(.job(Job(id: id, label: label, run: run))) { takeJob(id)?(nil) }
        return true
    }

    /// Whom to tell how job `id` ended; nil when it was told already.
    private func takeJob(_ id: Int) -> (@Sendable (HandlerOutcome?) -> Void)? {
        state.withLock { $0.takeJob(id) }
    }

    private func startTimers() {
        let tasks = instance.commands.timers.enumerated().map { index, timer in
            Task { [self, clock] in
                while true {
                    do { try await clock.sleep(for: timer.interval) } catch { return }
                    guard state.withLock({ $0.pendingTicks.insert(index).inserted }) else { continue }
                    // Cleared however the tick ends (run, skipped while disabled, or dropped at stop).
                    enqueue("timer '\(timer.summary)'", run: timer.run) { [self] _ in
                        state.withLock { _ = $0.pendingTicks.remove(index) }
                    }
                }
            }
        }
        state.withLock { $0.timers = tasks }
    }

    /// Queues an event for the instance, in order with its messages; a room event (join, leave, change) is dropped
    /// when `queues.events` of them wait already.
    func enqueue(_ event: BotEvent) {
        let (admitted, dropped) = state.withLock { ($0.admitEvent(event), $0.counts.eventsDropped) }
        guard admitted else {
            // Logged at the 1st, 2nd, 4th, 8th … drop.
            if dropped & (dropped - 1) == 0 {
                context.logger.warning("room event dropped: the bot's event queue is full", metadata: ["bot": "\(name)", "dropped": "\(dropped)"])
            }
            return
        }
        queue.yield(.event(event))
    }

    /// The instance's storage and its type's shared storage, outside any call.
    var storage: (own: BotStorage, shared: BotStorage) { (context.storage, context.sharedStorage) }

    /// Every message up to this id is finished.
    var watermark: Int64 { state.withLock { $0.cursor.watermark } }

    /// The highest message id the instance has been handed: history catch-up starts after it.
    var resumePoint: Int64 { state.withLock { $0.cursor.highestAdmitted } }

    /// The age of the oldest message the instance holds and has not finished; zero when it holds none.
    var lag: Duration {
        guard let oldest = unfinished.withLock({ $0.values.min() }) else { return .zero }
        return .milliseconds(max(0, Int64(Date().timeIntervalSince(oldest) * 1000)))
    }

    /// Whether the breaker has the instance disabled.
    var isDisabled: Bool { state.withLock { $0.isDisabled } }

    /// The instance's counts so far.
    var statistics: BotStatistics {
        var statistics = state.withLock { state in
            var counts = state.counts
            counts.disabled = state.isDisabled
            counts.queued = state.backlog.held
            counts.mostQueued = state.backlog.mostHeld
            return counts
        }
        statistics.stillRunning = abandoned.current
        return statistics
    }

    /// Stops taking messages, cancels the calls under way (one that still returns within ``HandlerCall/stopGrace``
    /// counts as handled and is recorded), tells the bot it is stopping (for at most 2 seconds), and returns once all
    /// of that has ended.
    func stop() async {
        await stopCalls()
        await tellStopping()
    }

    /// The first half of ``stop()``: stops taking messages, cancels the calls under way and waits until they have
    /// ended and their records are on their way to the ledger. A call stopped here (not one that failed) is handed
    /// over again after a restart, so the room's link must still be open meanwhile: a reply then waiting for a session
    /// ends as stopped, not as a failure recorded as handled.
    func stopCalls() async {
        for timer in state.withLock({ $0.timers }) { timer.cancel() }
        queue.finish()
        let running = state.withLock { $0.task }
        running?.cancel()
        await running?.value
        let unanswered = state.withLock { $0.takeAllJobs() }
        for done in unanswered { done(nil) }
        await writeRecords()
    }

    /// The second half of ``stop()``: tells the bot it is stopping, for at most 2 seconds.
    func tellStopping() async {
        var call = context
        let storage = context.storageCallForHandler()
        call.storageCall = storage
        let outcome = await HandlerCall.run(timeout: min(instance.supervision.timeout, .seconds(2)), clock: clock, abandoned: abandoned) {
            [instance, call] in try await instance.onEvent(.instanceStopping, call)
        }
        await Self.settle(storage, outcome: outcome, label: "the stopping event", context: context)
        if case .failed(let error) = outcome {
            context.logger.warning("the bot's stopping event failed", metadata: ["error": "\(error)"])
        }
    }

    private func run(_ stream: AsyncStream<Delivery>, instance: BotInstance, context: BotContext, clock: any BotClock) async {
        let policy = instance.supervision
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await delivery in stream {
                // Stopping: what is still queued is not started (messages come back after a restart; jobs are
                // answered by stop()).
                if Task.isCancelled { break }
                let message: ChatMessage
                switch delivery {
                case .message(let next):
                    message = next
                case .event(let event):
                    state.withLock { $0.eventTaken(event) }
                    // In order with the messages: the calls before it end first.
                    await group.waitForAll()
                    running = 0
                    _ = await runAside("event \(event)", context: context) { context in try await instance.onEvent(event, context) }
                    continue
                case .job(let job):
                    await group.waitForAll()
                    running = 0
                    guard let done = takeJob(job.id) else { continue }
                    done(await runAside(job.label, context: context, job.run))
                    continue
                }
                let now = clock.now
                if let watermark = state.withLock({ $0.skipIfDisabled(message.messageId, at: now) }) {
                    context.logger.debug("message skipped: the bot is disabled", metadata: ["message": "\(message.messageId)"])
                    records.yield(LedgerRecord(messageId: message.messageId, watermark: watermark, replies: nil))
                    continue
                }
                if running >= policy.concurrency {
                    await group.next()
                    running -= 1
                }
                await waitForStuckCalls()
                running += 1
                var call = context
                call.replies = ReplyNumbering(instance: name, messageId: message.messageId)
                call.message = message
                let storage = context.storageCallForHandler()
                call.storageCall = storage
                _ = group.addTaskUnlessCancelled { [self, call] in
                    let started = ContinuousClock.now
                    let outcome = await HandlerCall.run(timeout: policy.timeout, clock: clock, abandoned: abandoned) {
                        try await instance.handle(message, call)
                    }
                    metrics.finished(outcome, after: ContinuousClock.now - started)
                    let asking = context.questions.takeInterrupted(message.messageId)
                    if case .stopped = outcome {
                        storage.abandon()
                        // Stopped while a question waited: the notice at the next start answers it, so the message
                        // is recorded, not handed over again to ask once more.
                        if asking != nil {
                            let watermark = state.withLock { $0.cursor.finish(message.messageId) }
                            records.yield(LedgerRecord(messageId: message.messageId, watermark: watermark, replies: call.replies))
                        }
                        return
                    }
                    // Cancelled while asking, but not by a stop (its timeout): no notice is due.
                    if let asking { await OpenQuestion.forget(asking, context: context) }
                    await finished(message, replies: call.replies, outcome: outcome, storage: storage, context: context,
                                   clock: clock, policy: policy)
                }
            }
            await group.waitForAll()
        }
    }

    /// Runs an event handler, a timer's tick or a webhook under the instance's timeout; nil (not run) while the
    /// breaker has the bot disabled. Failures are logged; they do not count towards the breaker, which watches the
    /// room's messages.
    private func runAside(_ label: String, context: BotContext,
                          _ body: @escaping @Sendable (BotContext) async throws -> Void) async -> HandlerOutcome? {
        let now = clock.now
        guard state.withLock({ $0.breaker.admits(at: now) }) else { return nil }
        await waitForStuckCalls()
        var call = context
        let storage = context.storageCallForHandler()
        call.storageCall = storage
        let outcome = await HandlerCall.run(timeout: instance.supervision.timeout, clock: clock, abandoned: abandoned) { [call] in
            try await body(call)
        }
        let written = await Self.settle(storage, outcome: outcome, label: label, context: context)
        state.withLock { $0.counts.events += 1 }
        switch outcome {
        case .completed, .stopped:
            break
        case .failed(let error):
            context.logger.error("\(label) failed", metadata: ["error": "\(error)"])
        case .timedOut:
            context.logger.error("\(label) timed out and was cancelled", metadata: ["timeout": "\(DurationText.describe(instance.supervision.timeout))"])
        }
        // A call whose stored values were not written did not complete: a job or a slot it marked done is not.
        if let error = written { return .failed(error) }
        return outcome
    }

    /// Ends a call that marks no message (an event, a timer, a webhook, a slot, a job): what a completed one stored is
    /// written at once, then its scopes are released; one that failed, timed out or was stopped stored nothing.
    /// Returns the error when the values could not be written.
    @discardableResult
    private static func settle(_ storage: StorageCall, outcome: HandlerOutcome, label: String, context: BotContext) async -> (any Error)? {
        guard case .completed = outcome else {
            storage.abandon()
            return nil
        }
        defer { storage.release() }
        do {
            try await context.store.commit(storage.finish())
            return nil
        } catch {
            context.logger.error("\(label): its stored values were not written; they are lost", metadata: ["error": "\(error)"])
            return error
        }
    }

    /// Starts no new call while `queues.stuck_calls` timed-out calls still run (they ignored their cancellation): the
    /// instance's messages wait meanwhile, so nothing is lost, and the process does not pile up stuck tasks.
    private func waitForStuckCalls() async {
        let limit = state.withLock { $0.bounds.stuckCalls }
        guard abandoned.current >= limit else { return }
        context.logger.warning("bot waits: its timed-out calls ignore their cancellation and still run", metadata: [
            "bot": "\(name)", "still_running": "\(abandoned.current)", "limit": "\(limit)",
        ])
        await abandoned.waitUntilBelow(limit)
    }

    /// Waits until every finished message is on its way to the ledger: their replies answered, or 5 seconds passed
    /// (a message not recorded then is handed over again after a restart, and its replies keep their ids).
    private func writeRecords() async {
        records.finish()
        let recorder = state.withLock { $0.recorder }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await recorder?.value }
            group.addTask { try? await Task.sleep(for: .seconds(5)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// A call on `message` ended: the cursor, the counts and the breaker record it together; the ledger hears of it
    /// once the server has answered the call's `replies`, so a host killed before then hands the message over again
    /// rather than losing an answer; then the log and (when the breaker changed) the room hear of it.
    private func finished(_ message: ChatMessage, replies: ReplyNumbering?, outcome: HandlerOutcome, storage: StorageCall,
                          context: BotContext, clock: any BotClock, policy: SupervisionPolicy) async {
        // What a completed call stored is written with the mark that its message was handled, once its replies are
        // answered (as the record is), before its scopes are released; a call that failed or timed out stored nothing.
        if case .completed = outcome {
            let changes = storage.finish()
            if !changes.isEmpty {
                await replies?.settled()
                do {
                    try await context.store.commit(changes, marking: ledger.map { ($0.room, name, message.messageId) })
                    StorageCrashPoint.reach()
                } catch {
                    context.logger.error("a handler's stored values were not written; they are lost",
                                         metadata: ["message": "\(message.messageId)", "error": "\(error)"])
                }
            }
            storage.release()
        } else {
            storage.abandon()
        }
        let now = clock.now
        let (watermark, transition) = state.withLock { $0.finish(message.messageId, outcome: outcome, at: now) }
        records.yield(LedgerRecord(messageId: message.messageId, watermark: watermark, replies: replies))
        let failure: String
        /// What the room hears: no internal address or URL (the log has the whole error).
        var roomFailure: String?
        switch outcome {
        case .completed:
            if transition == .reclosed {
                context.logger.notice("bot re-enabled: its trial call succeeded", metadata: ["bot": "\(name)"])
                _ = try? await context.reply("The bot \(name) works again and is re-enabled.")
            }
            return
        case .stopped:
            return
        case .failed(let error):
            failure = "failed: \(error)"
            roomFailure = "failed: \(RoomErrorText.describe(error))"
            context.logger.error("handler failed", metadata: ["message": "\(message.messageId)", "error": "\(error)"])
        case .timedOut:
            failure = "timed out after \(DurationText.describe(policy.timeout))"
            context.logger.error("handler timed out and was cancelled", metadata: [
                "message": "\(message.messageId)", "timeout": "\(DurationText.describe(policy.timeout))",
                "still_running": "\(abandoned.current)",
            ])
        }
        let rest = DurationText.describe(policy.breakerCoolDown)
        switch transition {
        case .opened?:
            break
        case .reopened?:
            // Said once in the room when it was first disabled; the log follows each trial.
            context.logger.warning("bot stays disabled: its trial call \(failure)", metadata: ["bot": "\(name)", "cool_down": "\(rest)"])
            return
        case .reclosed?, nil:
            return
        }
        context.logger.error("bot disabled by its circuit breaker", metadata: [
            "bot": "\(name)", "failures": "\(policy.breakerFailures)", "last": "\(failure)", "cool_down": "\(rest)",
        ])
        // The room sees a short account; the log has the whole error.
        let told = roomFailure ?? failure
        let said = told.count > 200 ? told.prefix(199) + "…" : Substring(told)
        _ = try? await context.reply(
            "Room managers: the bot \(name) is disabled after \(policy.breakerFailures) failed calls in a row (the last one \(said)). It will be tried again in \(rest).",
            alert: true)
    }
}

/// A finished message for the ledger: its id, the watermark once it finished, and the replies to wait for.
struct LedgerRecord: Sendable {
    let messageId: Int64
    let watermark: Int64
    let replies: ReplyNumbering?
}

/// What an instance's queue carries.
enum Delivery: Sendable {
    case message(ChatMessage)
    case event(BotEvent)
    case job(Job)
}

/// A call outside the room's messages: a webhook or a timer's tick.
struct Job: Sendable {
    let id: Int
    let label: String
    let run: @Sendable (BotContext) async throws -> Void
}

/// A ledger and the key of the room an instance records under (the room's URI).
struct LedgerBinding: Sendable {
    let ledger: HandledLedger
    let room: String
}
