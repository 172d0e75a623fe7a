import Synchronization

/// What one handler call reads and writes in storage. Its first operation takes the locks of the instance's scope and
/// its type's shared scope (in that order, so two calls never wait for each other crosswise); its writes stay its own
/// until it ends: ``stage()`` when it completed (they are then read by later calls and written with the message's
/// handled mark), ``abandon()`` otherwise (they never were). Either releases the locks. A call that has ended (a
/// task it left running, say) refuses further operations.
final class StorageCall: Sendable {
    private struct State {
        var changes: [StorageKey: StorageChange] = [:]
        /// Takes the locks; every operation of the call awaits it (the first one starts it).
        var locking: Task<Void, Never>?
        var ended = false
    }

    let store: BotStore
    /// The scopes the call may use: its instance's and its type's.
    let scopes: [StorageScope]
    private let state = Mutex(State())

    init(store: BotStore, scopes: [StorageScope]) {
        self.store = store
        self.scopes = scopes
    }

    /// Takes the scopes' locks at the first operation (operations run side by side within the call wait for the
    /// same taking); throws once the call has ended.
    private func enter(_ key: StorageKey) async throws(BotStorageError) {
        let locking = state.withLock { state -> Task<Void, Never>? in
            guard !state.ended else { return nil }
            if let locking = state.locking { return locking }
            let (store, scopes) = (store, scopes)
            let locking = Task { for scope in scopes { await store.locks.acquire(scope) } }
            state.locking = locking
            return locking
        }
        guard let locking else { throw Self.ended(key) }
        await locking.value
        if state.withLock({ $0.ended }) { throw Self.ended(key) }
    }

    private static func ended(_ key: StorageKey) -> BotStorageError {
        BotStorageError(key: key.key, reason: "the handler call this storage belongs to has ended")
    }

    /// Releases the locks once they are taken (at once when they are).
    private func release(_ locking: Task<Void, Never>?) {
        guard let locking else { return }
        let (store, scopes) = (store, scopes)
        Task {
            await locking.value
            for scope in scopes.reversed() { store.locks.release(scope) }
        }
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
            var sizes: [String: StorageUsage]
            do {
                sizes = try await store.usage(of: key.scope)
            } catch {
                throw BotStorageError(key: key.key, reason: "the stored values cannot be read: \(error)")
            }
            for (other, pending) in state.withLock({ $0.changes }) where other.scope == key.scope {
                sizes[other.key] = StorageUsage(other.key, pending)
            }
            sizes[key.key] = usage
            let total = sizes.values.reduce(0) { $0 + $1.bytes(at: now) }
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

    /// Ends the call as completed: its changes are staged in the store (nil when it changed nothing), then the locks
    /// are released.
    func stage() -> StagedStorage? {
        let (changes, locking) = state.withLock { state -> ([StorageKey: StorageChange], Task<Void, Never>?) in
            guard !state.ended else { return ([:], nil) }
            state.ended = true
            return (state.changes, state.locking)
        }
        let staged = store.stage(changes)
        release(locking)
        return staged
    }

    /// Ends the call without its changes (it failed, timed out or was stopped) and releases the locks.
    func abandon() {
        let locking = state.withLock { state -> Task<Void, Never>? in
            guard !state.ended else { return nil }
            state.ended = true
            return state.locking
        }
        release(locking)
    }
}
