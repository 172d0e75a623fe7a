import Logging
import PersistentChat
import Synchronization

/// Supervises one bot instance (a bot type × an endpoint × a room): it has its own queue of the room's messages,
/// handles at most `concurrency` of them at once, each under a timeout, and a circuit breaker disables it while it
/// keeps failing or hanging. Nothing it does reaches another instance or the host.
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
    /// Writes ``records`` to the ledger, each once the server has answered its replies.
    private let recorder: Task<Void, Never>

    /// `start` is where the instance stands in the room (from the ledger); `ledger`, when given, is told of each
    /// message the instance finishes.
    init(name: String, instance: BotInstance, context: BotContext, clock: any BotClock, start: HandledLedger.Entry,
         ledger: LedgerBinding?) {
        self.name = name
        self.ledger = ledger
        let policy = instance.supervision
        state = Mutex(SupervisorState(
            breaker: CircuitBreaker(threshold: policy.breakerFailures, coolDown: policy.breakerCoolDown),
            counts: BotStatistics(name: name, room: context.room.name),
            cursor: DeliveryCursor(start)))
        let (stream, queue) = AsyncStream.makeStream(of: Delivery.self)
        self.queue = queue
        let (finishedMessages, records) = AsyncStream.makeStream(of: LedgerRecord.self)
        self.records = records
        recorder = Task { [ledger, name] in
            // In finishing order: a record's watermark covers only messages that finished before it, whose records
            // (and so whose replies) came first.
            for await record in finishedMessages {
                await record.replies?.settled()
                guard let ledger else { continue }
                ledger.ledger.recordSoon(room: ledger.room, bot: name, handled: record.messageId, watermark: record.watermark)
            }
        }
        self.context = context
        self.instance = instance
        self.clock = clock
        queue.yield(.event(.instanceStarted))
        let started = Task { [self] in
            await run(stream, instance: instance, context: context, clock: clock)
        }
        state.withLock { $0.task = started }
        startTimers()
    }

    /// Queues a call outside the room's messages (a webhook, a timer's tick), in order with them; `done` hears how it
    /// ended, or nil when the instance is disabled or stopping and did not run it.
    func enqueue(_ label: String, run: @escaping @Sendable (BotContext) async throws -> Void,
                 done: @escaping @Sendable (HandlerOutcome?) -> Void = { _ in }) {
        let id = state.withLock { $0.addJob(done) }
        if case .terminated = queue.yield(.job(Job(id: id, label: label, run: run))) { takeJob(id)?(nil) }
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

    /// Queues a message for the instance, unless it has already been handed this one.
    func enqueue(_ message: ChatMessage) {
        guard state.withLock({ $0.cursor.admit(message.messageId) }) else { return }
        queue.yield(.message(message))
    }

    /// Queues an event for the instance, in order with its messages.
    func enqueue(_ event: BotEvent) {
        queue.yield(.event(event))
    }

    /// Every message up to this id is finished.
    var watermark: Int64 { state.withLock { $0.cursor.watermark } }

    /// The highest message id the instance has been handed: history catch-up starts after it.
    var resumePoint: Int64 { state.withLock { $0.cursor.highestAdmitted } }

    /// Whether the breaker has the instance disabled.
    var isDisabled: Bool { state.withLock { $0.isDisabled } }

    /// The instance's counts so far.
    var statistics: BotStatistics {
        var statistics = state.withLock { state in
            var counts = state.counts
            counts.disabled = state.isDisabled
            return counts
        }
        statistics.stillRunning = abandoned.current
        return statistics
    }

    /// Stops taking messages, cancels the calls under way, tells the bot it is stopping (for at most 2 seconds),
    /// and returns once all of that has ended.
    func stop() async {
        for timer in state.withLock({ $0.timers }) { timer.cancel() }
        queue.finish()
        let running = state.withLock { $0.task }
        running?.cancel()
        await running?.value
        let unanswered = state.withLock { state in
            defer { state.waitingJobs.removeAll() }
            return Array(state.waitingJobs.values)
        }
        for done in unanswered { done(nil) }
        await writeRecords()
        let outcome = await HandlerCall.run(timeout: min(instance.supervision.timeout, .seconds(2)), clock: clock, abandoned: abandoned) {
            [instance, context] in try await instance.onEvent(.instanceStopping, context)
        }
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
                running += 1
                var call = context
                call.replies = ReplyNumbering(instance: name, messageId: message.messageId)
                call.message = message
                _ = group.addTaskUnlessCancelled { [self, call] in
                    let outcome = await HandlerCall.run(timeout: policy.timeout, clock: clock, abandoned: abandoned) {
                        try await instance.handle(message, call)
                    }
                    if case .stopped = outcome { return }
                    await finished(message, replies: call.replies, outcome: outcome, context: context, clock: clock, policy: policy)
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
        let outcome = await HandlerCall.run(timeout: instance.supervision.timeout, clock: clock, abandoned: abandoned) {
            try await body(context)
        }
        state.withLock { $0.counts.events += 1 }
        switch outcome {
        case .completed, .stopped:
            break
        case .failed(let error):
            context.logger.error("\(label) failed", metadata: ["error": "\(error)"])
        case .timedOut:
            context.logger.error("\(label) timed out and was cancelled", metadata: ["timeout": "\(DurationText.describe(instance.supervision.timeout))"])
        }
        return outcome
    }

    /// Waits until every finished message is on its way to the ledger: their replies answered, or 5 seconds passed
    /// (a message not recorded then is handed over again after a restart, and its replies keep their ids).
    private func writeRecords() async {
        records.finish()
        let recorder = recorder
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await recorder.value }
            group.addTask { try? await Task.sleep(for: .seconds(5)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// A call on `message` ended: the cursor, the counts and the breaker record it together; the ledger hears of it
    /// once the server has answered the call's `replies`, so a host killed before then hands the message over again
    /// rather than losing an answer; then the log and (when the breaker changed) the room hear of it.
    private func finished(_ message: ChatMessage, replies: ReplyNumbering?, outcome: HandlerOutcome, context: BotContext,
                          clock: any BotClock, policy: SupervisionPolicy) async {
        let now = clock.now
        let (watermark, transition) = state.withLock { $0.finish(message.messageId, outcome: outcome, at: now) }
        records.yield(LedgerRecord(messageId: message.messageId, watermark: watermark, replies: replies))
        let failure: String
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
        let said = failure.count > 200 ? failure.prefix(199) + "…" : Substring(failure)
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
