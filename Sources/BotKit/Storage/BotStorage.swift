import Foundation

/// A bot's persistent keys and values (any `Codable` value, stored as JSON), in the host's ledger database.
///
/// ``BotContext/storage`` is the instance's own (its room and its id there); ``BotContext/sharedStorage`` is shared
/// by every instance of the bot's type in the host. Within a handler call, what the call reads is not changed under
/// it by another call of the bot, and what it writes is kept only if the call completes: with the mark that its message
/// was handled, in one transaction, so a crash and the message handed over again never apply a write twice or lose
/// it. Once the call has ended, the storage of its context refuses operations; the harness's
/// (`BotTestHarness.storage()`) writes each operation on its own.
///
/// ```swift
/// let count = try await context.storage.update("greetings", as: Int.self) { $0 = ($0 ?? 0) + 1 }
/// try await context.storage.set("last-greeter", to: sender, expiresAfter: .seconds(86_400))
/// ```
public struct BotStorage: Sendable {
    let scope: StorageScope
    let store: BotStore
    let call: StorageCall?
    /// The scopes a call of this bot takes (its instance's, then its type's), for operations outside a call.
    let scopes: [StorageScope]

    /// The value stored under `key`, decoded as `type`; nil when there is none, or it has expired.
    public func value<Value: Decodable>(_ key: String, as type: Value.Type = Value.self) async throws -> Value? {
        try await within(key) { call, storageKey in
            try await call.value(storageKey, now: Self.now).map { try Self.decode(type, from: $0, key: key) }
        }
    }

    /// Stores `value` under `key`, replacing what was there; after `expiresAfter` it reads as absent.
    public func set<Value: Encodable>(_ key: String, to value: Value, expiresAfter: Duration? = nil) async throws {
        let change = try encode(value, key: key, expiresAfter: expiresAfter)
        try await within(key) { call, storageKey in try await call.write(storageKey, change, now: Self.now) }
    }

    /// Removes `key` (nothing happens when it is absent).
    public func delete(_ key: String) async throws {
        try await within(key) { call, storageKey in try await call.write(storageKey, .deleted, now: Self.now) }
    }

    /// The keys that start with `prefix` (every key with the empty prefix) and have not expired, sorted.
    public func keys(prefix: String = "") async throws -> [String] {
        try await within(prefix, checkKey: false) { call, _ in try await call.keys(in: scope, prefix: prefix, now: Self.now) }
    }

    /// Reads `key`, lets `change` alter it (set it to nil to delete it) and stores the result, with no other call of
    /// the bot in between; returns the value stored.
    @discardableResult
    public func update<Value: Codable>(_ key: String, as type: Value.Type = Value.self, expiresAfter: Duration? = nil,
                                       _ change: (inout Value?) throws -> Void) async throws -> Value? {
        try await within(key) { call, storageKey in
            var value = try await call.value(storageKey, now: Self.now).map { try Self.decode(type, from: $0, key: key) }
            try change(&value)
            if let value {
                try await call.write(storageKey, try encode(value, key: key, expiresAfter: expiresAfter), now: Self.now)
            } else {
                try await call.write(storageKey, .deleted, now: Self.now)
            }
            return value
        }
    }

    // MARK: Helpers

    /// Runs `body` in the handler's call, or in a call of its own written at once when there is none.
    private func within<Result>(_ key: String, checkKey: Bool = true,
                                _ body: (StorageCall, StorageKey) async throws -> Result) async throws -> Result {
        if checkKey, let problem = BotStorageError.keyProblem(key) { throw problem }
        let storageKey = StorageKey(scope: scope, key: key)
        if let call { return try await body(call, storageKey) }
        let alone = StorageCall(store: store, scopes: scopes)
        let result: Result
        do {
            result = try await body(alone, storageKey)
            try await store.commit(alone.finish())
        } catch {
            alone.abandon()
            throw error
        }
        alone.release()
        return result
    }

    private func encode<Value: Encodable>(_ value: Value, key: String, expiresAfter: Duration?) throws -> StorageChange {
        let data: Data
        do {
            data = try JSONEncoder().encode(value)
        } catch {
            throw BotStorageError(key: key, reason: "the value cannot be encoded: \(error)")
        }
        guard data.count <= store.limits.valueBytes else {
            throw BotStorageError(key: key, reason: "the value is \(data.count) bytes as JSON; the most is \(store.limits.valueBytes) (host.yaml storage.value_bytes)")
        }
        let expires = expiresAfter.map { after -> Double in
            let (seconds, attoseconds) = after.components
            return Self.now + Double(seconds) + Double(attoseconds) / 1e18
        }
        return .set(value: [UInt8](data), expires: expires)
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], key: String) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw BotStorageError(key: key, reason: "the stored value is not a \(Value.self): \(error)")
        }
    }

    private static var now: Double { Date().timeIntervalSince1970 }
}
