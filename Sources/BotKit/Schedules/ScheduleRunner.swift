import Foundation
import Logging

/// Runs one instance's cron schedules and one-shot jobs on the wall clock, each slot and job as a call in the
/// instance's queue (``BotSupervisor/enqueue(_:run:done:)``). What marks a slot run or a job done is written in the
/// same transaction as what the call stored, in the host's keys for the instance (``StorageScope/schedules(room:bot:)``).
struct ScheduleRunner: Sendable {
    /// Queues a call and returns how it ended (nil: not run, the instance being disabled or stopping).
    typealias Enqueue = @Sendable (String, @escaping @Sendable (BotContext) async throws -> Void) async -> HandlerOutcome?

    let commands: BotCommands
    /// The instance's context outside any call.
    let context: BotContext
    let enqueue: Enqueue

    /// The key of a schedule's last slot run (seconds since 1970).
    static func slotKey(_ name: String) -> String { "cron:" + name }

    /// Starts a task per schedule and one for the jobs; the caller cancels them when the instance stops.
    func start() -> [Task<Void, Never>] {
        var tasks = commands.schedules.map { schedule in Task { await run(schedule) } }
        if let handler = commands.jobHandler {
            tasks.append(Task { await runJobs(handler) })
        }
        return tasks
    }

    // MARK: Cron schedules

    private func run(_ schedule: BotCommands.Schedule) async {
        let logger = context.logger
        let key = Self.slotKey(schedule.name)
        let storage = context.schedulesStorage
        var after: Date
        do {
            if let last = try await storage.value(key, as: Double.self) {
                after = Date(timeIntervalSince1970: last)
            } else {
                // The first start: slots count as missed only from now on.
                after = context.now
                try await storage.set(key, to: after.timeIntervalSince1970)
            }
        } catch {
            if !Task.isCancelled {
                logger.error("schedule '\(schedule.name)' cannot run: its last slot cannot be read or written", metadata: ["error": "\(error)"])
            }
            return
        }
        if let missed = schedule.when.lastSlot(after: after, upTo: context.now) {
            switch schedule.when.missed {
            case .once:
                logger.notice("schedule '\(schedule.name)' runs the last slot it missed", metadata: ["slot": "\(missed)"])
                await runSlot(missed, of: schedule)
            case .skip:
                logger.notice("schedule '\(schedule.name)' passes over the slots it missed", metadata: ["last": "\(missed)"])
                await mark(missed, of: schedule)
            }
            after = missed
        }
        while !Task.isCancelled {
            guard let slot = schedule.when.nextSlot(after: max(after, context.now)) else {
                logger.warning("schedule '\(schedule.name)' has no slot within twelve years", metadata: ["cron": "\(schedule.when)"])
                return
            }
            do { try await context.clock.sleep(untilWallTime: slot) } catch { return }
            await runSlot(slot, of: schedule)
            after = slot
        }
    }

    /// Runs `schedule` for `slot`, marking the slot run with what the call stored; a call that failed or timed out
    /// is marked run on its own (it is not tried again); one not run (stopping, disabled) is not.
    private func runSlot(_ slot: Date, of schedule: BotCommands.Schedule) async {
        let key = Self.slotKey(schedule.name)
        let outcome = await enqueue("schedule '\(schedule.name)'") { context in
            var context = context
            context.scheduledSlot = slot
            try await schedule.run(context)
            try await context.schedulesStorage.set(key, to: slot.timeIntervalSince1970)
        }
        switch outcome {
        case .failed?, .timedOut?:
            await mark(slot, of: schedule)
        case .completed?, .stopped?, nil:
            break
        }
    }

    private func mark(_ slot: Date, of schedule: BotCommands.Schedule) async {
        do {
            try await context.schedulesStorage.set(Self.slotKey(schedule.name), to: slot.timeIntervalSince1970)
        } catch {
            context.logger.error("schedule '\(schedule.name)': its last slot was not written", metadata: ["error": "\(error)"])
        }
    }

    // MARK: One-shot jobs

    private func runJobs(_ handler: BotCommands.JobHandler) async {
        let logger = context.logger
        let storage = context.schedulesStorage
        let wakes = WakeableSleep(clock: context.clock)
        let watch = context.store.watch(context.schedulesScope) { keys in
            if keys.contains(where: { $0.hasPrefix(StoredJob.keyPrefix) }) { wakes.wake() }
        }
        defer { context.store.unwatch(watch) }
        while !Task.isCancelled {
            wakes.reset()
            let jobs: [ScheduledJob]
            do {
                jobs = try await context.scheduledJobs()
            } catch {
                if Task.isCancelled { return }
                logger.error("the bot's jobs cannot be read; trying again in a minute", metadata: ["error": "\(error)"])
                await wakes.sleep(until: context.now.addingTimeInterval(60))
                continue
            }
            let now = context.now
            var notRun = false
            for job in jobs where job.dueAt <= now && !Task.isCancelled {
                let key = StoredJob.keyPrefix + job.key
                let outcome = await enqueue("job '\(job.key)'") { context in
                    // As stored now: cancelled since it was read, or moved to later, it is not due.
                    guard let stored = try await context.schedulesStorage.value(key, as: StoredJob.self),
                          stored.due <= context.now.timeIntervalSince1970 else { return }
                    try await context.schedulesStorage.delete(key)
                    try await handler.run(stored.job(key: job.key), context)
                }
                switch outcome {
                case .failed?, .timedOut?:
                    // Removed unless it was scheduled again meanwhile (a later due time, another payload).
                    logger.error("job '\(job.key)' did not complete; it is removed")
                    do {
                        try await storage.update(key, as: StoredJob.self) { stored in
                            if let current = stored, current.due == job.dueAt.timeIntervalSince1970, current.payload == job.payloadText {
                                stored = nil
                            }
                        }
                    } catch {
                        logger.error("job '\(job.key)' was not removed", metadata: ["error": "\(error)"])
                        notRun = true
                    }
                case nil:
                    notRun = true
                case .completed?, .stopped?:
                    break
                }
            }
            // A job not run (the instance disabled) is tried again after a pause, not at once.
            let next = notRun ? now.addingTimeInterval(5) : jobs.map(\.dueAt).filter { $0 > now }.min()
            await wakes.sleep(until: next)
        }
    }
}
