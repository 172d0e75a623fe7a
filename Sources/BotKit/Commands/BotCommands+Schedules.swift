import Foundation

extension BotCommands {
    /// A job run at each slot of a cron schedule.
    struct Schedule: Sendable {
        let when: CronSchedule
        /// Unique among the bot's schedules; the host keeps the last slot run under it.
        let name: String
        let run: @Sendable (BotContext) async throws -> Void
    }

    /// What runs one-shot jobs.
    struct JobHandler: Sendable {
        let summary: String
        let run: @Sendable (ScheduledJob, BotContext) async throws -> Void
    }

    /// Runs `run` at each slot of `cron`, read on the wall clock of `timeZone` (an IANA name), in order with the
    /// instance's messages and under its timeout.
    ///
    /// `cron` has five fields (minute, hour, day of month, month, day of week) with `*`, lists (`1,15`), ranges
    /// (`1-5`), steps (`*/15`, `8-18/2`), month and day names (`jan`, `mon-fri`), or is one of `@yearly`, `@monthly`,
    /// `@weekly`, `@daily` and `@hourly`. On a day the clocks go forward, a slot the jump swallows runs once at the first
    /// minute after it; on a day they go back, a slot that comes twice runs at its first.
    ///
    /// The host keeps the last slot run under `name` (unique among the bot's schedules) in the same transaction as
    /// what the job stored, so a restart never runs a slot twice; `missed` says what a start does about the slots that
    /// fell while the host was not running. A slot that comes while the previous one still runs is passed over.
    public mutating func schedule(_ cron: String, timeZone: String, _ name: String, missed: MissedSlots = .skip,
                                  _ run: @escaping @Sendable (BotContext) async throws -> Void) {
        do {
            schedule(try CronSchedule(cron, timeZone: timeZone, missed: missed), name, run)
        } catch {
            problems.append("schedule '\(name)': \(error.reason)")
        }
    }

    /// Runs `run` at each slot of `schedule` (read from the bot's options, say), as
    /// ``schedule(_:timeZone:_:missed:_:)`` does.
    public mutating func schedule(_ schedule: CronSchedule, _ name: String,
                                  _ run: @escaping @Sendable (BotContext) async throws -> Void) {
        guard !name.isEmpty, name.utf8.count <= 200 else {
            problems.append("schedule '\(name.prefix(40))': a schedule's name is 1 to 200 bytes of UTF-8")
            return
        }
        guard !schedules.contains(where: { $0.name == name }) else {
            problems.append("schedule '\(name)' is declared twice")
            return
        }
        schedules.append(Schedule(when: schedule, name: name, run: run))
    }

    /// Runs the one-shot jobs the instance schedules (``BotContext/schedule(at:key:payload:)``) when they fall due,
    /// each once, in order with the instance's messages and under its timeout. A job is removed in the same transaction
    /// as what its run stored; one whose run fails or times out is removed too (and logged). One that fell due while
    /// the host was not running runs at its next start.
    public mutating func onJob(_ summary: String, _ run: @escaping @Sendable (ScheduledJob, BotContext) async throws -> Void) {
        guard jobHandler == nil else {
            problems.append("onJob '\(summary)': a bot has one job handler, and '\(jobHandler?.summary ?? "")' is declared already")
            return
        }
        jobHandler = JobHandler(summary: summary, run: run)
    }
}
