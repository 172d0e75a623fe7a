/// How much bots may store (host.yaml `storage`).
package struct StorageLimits: Sendable, Equatable {
    /// Largest value, in bytes of JSON.
    package var valueBytes = 64 * 1024
    /// Most bytes (keys and values) one scope holds: an instance's own storage, or a type's shared storage.
    package var scopeBytes = 16 * 1024 * 1024

    package init() {}

    /// What either limit may be set to.
    static let allowed = 16...(1 << 30)
}
