import Synchronization

/// What one handler call reads and writes in storage. Its first operation takes the lock of the instance's scope; its
/// first operation on the type's shared storage takes that lock too, always after the instance's, so two calls never
/// wait for each other crosswise. The locks are held until the call's writes are in the database (``release()``), so
/// no other call ever reads what this one wrote before it is kept for good. A call that has ended (a task it left
/// running, say) refuses further operations.
final class StorageCall: Sendable {
    private struct State {
        var changes: [StorageKey: StorageChange] = [:]
        /// Takes each scope's lock (true once taken; false when cancelled first); the operations of the call await it
        /// (the first one starts it).
        var locking: [StorageScope: Task<Bool, Never>] = [:]
        var ended = false
    }

    let store: BotStore
    /// The scopes the call may use, in the order their locks are taken: its instance's, then its type's.
    let scopes: [StorageScope]
    private let state = Mutex(State())

    init(store: BotStore, scopes: [StorageScope]) {
        self.store = store
        self.scopes = scopes
    }

    /// Takes the lock of `key`'s scope (and of every scope before it) unless held; throws once the call has ended.
    private func enter(_ key: StorageKey) async throws(BotStorageError) {
        let needed = scopes.prefix { $0 != key.scope } + [key.scope]
        for scope in needed {
            let locking = state.withLock { state -> Task<Bool, Never>? in
                guard !state.ended else { return nil }
                if let locking = state.locking[scope] { return locking }
                let store = store
                let locking = Task { await store.locks.acquire(scope) }
                state.locking[scope] = locking
                return locking
            }
            guard let locking else { throw Self.ended(key) }
            // A call cancelled (its timeout, a stop) while it waits stops waiting.
            let taken = await withTaskCancellationHandler { await locking.value } onCancel: { locking.cancel() }
            guard taken else {
                throw BotStorageError(key: key.key, reason: "the call was cancelled while it waited for its storage")
            }
        }
        if state.withLock({ $0.ended }) { throw Self.ended(key) }
    }

    private static func ended(_ key: StorageKey) -> BotStorageError {
        BotStorageError(key: key.key, reason: "the handler call this storage belongs to has ended")
    }

    /// The value of `key` as this call sees it: its own writes first.
    func value(_ key: StorageKey, now: Double) async throws -> [UInt8]? {
        try await enter(key)
        if let change = state.withLock({ $0.changes[key] }) { return change.value(at: now) }
        return try await store.value(key, now: now)
    }

    /// The keys of `scope` starting with `prefix` as this call sees them, sorted.
    func keys(in scope: StorageScope, prefix: String, now: Double) async throws -> [String] {
        try await enter(StorageKey(scope: scope, key: prefix))
        var keys = try await store.keys(in: scope, prefix: prefix, now: now)
        for (key, change) in state.withLock({ $0.changes }) where key.scope == scope && key.key.hasPrefix(prefix) {
            if change.value(at: now) == nil { keys.remove(key.key) } else { keys.insert(key.key) }
        }
        return keys.sorted()
    }

    /// Records a write of this call; refused when it would take the key's scope past its limit (values that have
    /// expired do not count).
    func write(_ key: StorageKey, _ change: StorageChange, now: Double) async throws(BotStorageError) {
        try await enter(key)
        if let usage = StorageUsage(key.key, change) {
            let pending = state.withLock { $0.changes }.filter { $0.key.scope == key.scope }
            let total: Int
            do {
                total = try await store.projectedBytes(of: key.scope, with: pending, adding: key.key, usage, now: now)
            } catch {
                throw BotStorageError(key: key.key, reason: "the stored values cannot be read: \(error)")
            }
            guard total <= store.limits.scopeBytes else {
                throw BotStorageError(key: key.key, reason: "the \(key.scope) would hold \(total) bytes; the most is \(store.limits.scopeBytes) (host.yaml storage.scope_bytes)")
            }
        }
        let ended = state.withLock { state -> Bool in
            guard !state.ended else { return true }
            state.changes[key] = change
            return false
        }
        if ended { throw Self.ended(key) }
    }

    /// Ends the call: its changes, to be written before ``release()``.
    func finish() -> [StorageKey: StorageChange] {
        state.withLock { state in
            guard !state.ended else { return [:] }
            state.ended = true
            return state.changes
        }
    }

    /// Releases the locks (once they are taken), last taken first.
    func release() {
        let locking = state.withLock { state -> [(StorageScope, Task<Bool, Never>)] in
            state.ended = true
            defer { state.locking = [:] }
            return scopes.reversed().compactMap { scope in state.locking[scope].map { (scope, $0) } }
        }
        guard !locking.isEmpty else { return }
        let store = store
        Task {
            for (scope, task) in locking where await task.value {
                store.locks.release(scope)
            }
        }
    }

    /// Ends the call without its changes (it failed, timed out or was stopped) and releases the locks.
    func abandon() {
        _ = finish()
        release()
    }
}
