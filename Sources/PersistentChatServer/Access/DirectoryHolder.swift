import PersistentChatDirectory
import Synchronization

/// The directory in force, swapped whole when the directory is read again.
///
/// A read takes the lock only to copy one reference (``Directory`` is an immutable class); a reload reads and checks
/// the new directory first and holds the lock only for the swap, so readers never wait on a parse or a search.
///
/// A directory read from LDAP is good for a stated time (`cache_lifetime`) after it was read: once that has passed
/// without a new read (the server cannot be reached), it has expired, and rights are no longer decided from it.
final class DirectoryHolder: Sendable {
    private struct Held {
        var directory: Directory
        var expires: ContinuousClock.Instant?
    }

    private let box: Mutex<Held>

    /// `expires`: when `directory` may no longer be used for rights (nil: never, as an LDIF file).
    init(_ directory: Directory, expires: ContinuousClock.Instant? = nil) {
        box = Mutex(Held(directory: directory, expires: expires))
    }

    /// The directory as it is now; keep the value for the length of one decision so it reads one version.
    var current: Directory { box.withLock { $0.directory } }

    /// Whether the directory in force is past its lifetime.
    var isExpired: Bool {
        box.withLock { held in held.expires.map { ContinuousClock.now >= $0 } ?? false }
    }

    /// Puts `directory` in force, good for `lifetime` (nil: for ever), and returns the one it replaces.
    func replace(with directory: Directory, lifetime: Duration? = nil) -> Directory {
        box.withLock { held in
            let old = held.directory
            held = Held(directory: directory, expires: lifetime.map { ContinuousClock.now + $0 })
            return old
        }
    }
}
