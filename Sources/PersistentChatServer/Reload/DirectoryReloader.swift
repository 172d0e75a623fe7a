import Logging
import PersistentChatDirectory
import PersistentChatProtocol

/// Reads the directory again (the LDIF file, or the LDAP server) and puts it in force, one reload at a time.
///
/// A file that cannot be read or parsed, or a server that cannot be reached, is refused whole: the directory in force
/// stays and the reason (the file and line, the LDAP error) is logged. Once the new directory is in force, users who may no longer sign in lose every live session
/// (``SignInLoss``), and the rights of everyone joined to a room are worked out again (group membership and roles).
/// Passwords are checked against the directory in force at each sign-in, so a changed one counts from the next.
actor DirectoryReloader {
    /// What a reload did.
    enum Outcome: Sendable, Equatable {
        /// The new directory is in force.
        case reloaded(entries: Int, usersSignedOut: Int, connectionsClosed: Int)
        /// The file was refused; the previous directory stays.
        case refused(reason: String)
    }

    private let core: ServerCore
    private let loader: DirectoryLoader
    /// The LDIF file, watched for changes; nil for LDAP.
    private let path: String?
    private let logger: Logger
    /// The file as it was when last read (whether it was accepted or refused), for ``reloadIfChanged()``.
    private var readStamp: FileStamp?
    /// The stamp seen by the previous ``reloadIfChanged()`` when it differed from `readStamp` (nil inside: the file
    /// was missing): a change is loaded once the file has stayed the same for one look, so a file still being written
    /// (or replaced by delete and create) is not read half-way.
    private var pendingStamp: FileStamp??
    /// The reload under way; the next one waits for it.
    private var last: Task<Outcome, Never>?

    /// `stamp`: the file as it was just before the directory in force was read from it.
    init(core: ServerCore, loader: DirectoryLoader, stamp: FileStamp?) {
        self.core = core
        self.loader = loader
        if case .ldif(let path) = loader { self.path = path } else { path = nil }
        logger = core.logger
        readStamp = stamp
    }

    /// Reloads the file now (after any reload under way); `cause` is logged.
    @discardableResult
    func reload(because cause: String) async -> Outcome {
        let previous = last
        let task = Task { () -> Outcome in
            _ = await previous?.value
            return await self.perform(cause)
        }
        last = task
        return await task.value
    }

    /// Reloads when the file changed since it was last read and has not changed since the previous look.
    func reloadIfChanged() async {
        guard let path else { return }
        let now = FileStamp(path: path)
        guard now != readStamp else {
            pendingStamp = nil
            return
        }
        guard let pending = pendingStamp, pending == now else {
            pendingStamp = .some(now)
            return
        }
        pendingStamp = nil
        await reload(because: "the file changed")
    }

    private func perform(_ cause: String) async -> Outcome {
        if let path { readStamp = FileStamp(path: path) }
        let new: Directory
        do {
            new = try await loader.load(logger: logger)
        } catch {
            logger.error("directory reload refused; the directory in force stays",
                         metadata: ["source": "\(core.configuration.directory.summary)", "reason": "\(error)", "cause": "\(cause)"])
            return .refused(reason: "\(error)")
        }
        for problem in ConfiguredPrincipals.problems(in: core.configuration, directory: new) {
            logger.warning("a principal in the server configuration is not in the directory read; it matches nobody (with an LDIF file, pchatd would not start with it)",
                           metadata: ["problem": "\(problem)"])
        }
        let old = core.directories.replace(with: new, lifetime: loader.lifetime)
        let catalog = core.catalogState
        let signOuts = await core.hub.signOut(where: { SignInLoss.reason(for: $0, signedInAs: old.entry(sipAddress: $0.value), in: new) },
                                              roomURI: { catalog.current.rooms[$0]?.uri })
        for (user, reason) in signOuts.users {
            logger.notice("sessions ended by the directory reload", metadata: ["user": "\(user)", "reason": "\(reason.detail)"])
        }
        let rooms = await core.refreshAllSessions()
        logger.log(level: path == nil && signOuts.connections == 0 ? .info : .notice, "directory reloaded", metadata: [
            "source": "\(core.configuration.directory.summary)", "cause": "\(cause)", "entries": "\(new.allEntries.count)",
            "users_signed_out": "\(signOuts.users.count)", "sessions_ended": "\(signOuts.connections)", "rooms_refreshed": "\(rooms)",
        ])
        return .reloaded(entries: new.allEntries.count, usersSignedOut: signOuts.users.count, connectionsClosed: signOuts.connections)
    }
}
