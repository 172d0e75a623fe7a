import Foundation

extension BotContext {
    /// Schedules a one-shot job under `key` (unique in the instance: scheduling a key again replaces its job) for
    /// `date` on the wall clock (``now``), carrying `payload` (any `Encodable` value, as JSON). When it falls due the
    /// bot's ``BotCommands/onJob(_:_:)`` handler runs it once.
    ///
    /// The job is kept in the host's ledger database, with what the call stores: when the call handles a message, it
    /// is kept only if the call completes, with the mark that the message was handled, so a reminder survives restarts
    /// and a message handed over again never schedules it twice.
    ///
    /// ```swift
    /// try await context.schedule(at: context.now.addingTimeInterval(600), key: "remind-\(sender)",
    ///                            payload: Reminder(person: sender, text: text))
    /// ```
    public func schedule<Payload: Encodable & Sendable>(at date: Date, key: String, payload: Payload) async throws {
        guard runsJobs else {
            throw BotStorageError(key: key, reason: "the bot declares no job handler (commands.onJob) to run the job")
        }
        let data: Data
        do {
            data = try JSONEncoder().encode(payload)
        } catch {
            throw BotStorageError(key: key, reason: "the job's payload cannot be encoded: \(error)")
        }
        let job = StoredJob(due: date.timeIntervalSince1970, payload: String(decoding: data, as: UTF8.self))
        try await schedulesStorage.set(StoredJob.keyPrefix + key, to: job)
    }

    /// Schedules a one-shot job with no payload, as ``schedule(at:key:payload:)`` does.
    public func schedule(at date: Date, key: String) async throws {
        try await schedule(at: date, key: key, payload: [String: String]())
    }

    /// Cancels the job scheduled under `key`; false when there is none (it ran already, or never was).
    @discardableResult
    public func cancelJob(_ key: String) async throws -> Bool {
        let storage = schedulesStorage
        guard try await storage.value(StoredJob.keyPrefix + key, as: StoredJob.self) != nil else { return false }
        try await storage.delete(StoredJob.keyPrefix + key)
        return true
    }

    /// The instance's jobs not yet run whose keys start with `prefix`, soonest first.
    public func scheduledJobs(prefix: String = "") async throws -> [ScheduledJob] {
        let storage = schedulesStorage
        var jobs: [ScheduledJob] = []
        for storedKey in try await storage.keys(prefix: StoredJob.keyPrefix + prefix) {
            guard let stored = try await storage.value(storedKey, as: StoredJob.self) else { continue }
            jobs.append(stored.job(key: String(storedKey.dropFirst(StoredJob.keyPrefix.count))))
        }
        return jobs.sorted { ($0.dueAt, $0.key) < ($1.dueAt, $1.key) }
    }
}
