import PersistentChatDirectory
import Synchronization

/// The directory in force, swapped whole when the LDIF file is reloaded.
///
/// A read takes the lock only to copy one reference (``Directory`` is an immutable class); a reload parses and checks
/// the new directory first and holds the lock only for the swap, so readers never wait on a parse.
final class DirectoryHolder: Sendable {
    private let box: Mutex<Directory>

    init(_ directory: Directory) {
        box = Mutex(directory)
    }

    /// The directory as it is now; keep the value for the length of one decision so it reads one version.
    var current: Directory { box.withLock { $0 } }

    /// Puts `directory` in force and returns the one it replaces.
    func replace(with directory: Directory) -> Directory {
        box.withLock { held in
            let old = held
            held = directory
            return old
        }
    }
}
