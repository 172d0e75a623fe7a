/// Why a storage operation was refused.
public struct BotStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key concerned.
    public let key: String
    /// What is wrong.
    public let reason: String

    public var description: String { "storage key '\(key)': \(reason)" }

    static func keyProblem(_ key: String) -> BotStorageError? {
        if key.isEmpty { return BotStorageError(key: key, reason: "a key must not be empty") }
        if key.utf8.count > BotStore.longestKey {
            return BotStorageError(key: String(key.prefix(40)) + "…", reason: "a key is at most \(BotStore.longestKey) bytes of UTF-8")
        }
        return nil
    }
}
