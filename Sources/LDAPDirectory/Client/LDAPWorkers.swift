import CLDAP
import NIOPosix
import Synchronization

/// Runs blocking LDAP work on threads of its own (never an event loop or Swift's cooperative pool), at most `threads`
/// jobs at once, each on connections kept open between jobs: service connections bound as the service account, for
/// searches, and connections of their own for the binds that check users' passwords.
///
/// A connection left idle longer than ``longestIdle`` is closed rather than used (Active Directory closes idle LDAP
/// connections after 15 minutes, and firewalls drop idle TCP). A connection that fails is closed, with every idle one
/// of its kind (they are likely as dead), and a job whose request cannot have reached the server tries once more on
/// a new connection. When no new connection can be opened,
/// the next attempt waits with a growing back-off (0.25 s doubling to 30 s); until then jobs fail at once with
/// ``LDAPError/isUnavailable``, so a directory that is down costs no connect time-outs. The first connection that
/// opens again ends the back-off: recovery needs nobody.
final class LDAPWorkers: Sendable {
    private struct Idle {
        let connection: LDAPConnection
        let since: ContinuousClock.Instant
    }

    private struct State {
        var idleService: [Idle] = []
        var idleBinding: [Idle] = []
        var pending = 0
        var failures = 0
        var retryAt: ContinuousClock.Instant?
        var lastFailure: LDAPError?
    }

    private let pool: NIOThreadPool
    private let state = Mutex(State())
    let settings: LDAPConnectionSettings
    /// The service account's DN and password; nil: searches are made unauthenticated (anonymous).
    private let serviceAccount: (dn: String, password: String)?
    private let maxPending: Int
    /// Longest back-off between attempts to connect to a directory that is down.
    static let longestBackOff: Duration = .seconds(30)
    /// Longest a connection may have been idle and still be used.
    static let longestIdle: Duration = .seconds(240)

    init(settings: LDAPConnectionSettings, serviceAccount: (dn: String, password: String)?, threads: Int) {
        self.settings = settings
        self.serviceAccount = serviceAccount
        maxPending = max(1, threads) * 64
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    deinit {
        pool.shutdownGracefully { _ in }
    }

    /// Whether the last attempt to connect failed and the next one waits (the directory is taken to be down).
    var isBackingOff: Bool {
        state.withLock { state in state.retryAt.map { ContinuousClock.now < $0 } ?? false }
    }

    /// Runs `job` on a worker thread with a ``LDAPSession``; its connections go back to the idle lists afterwards.
    func run<T: Sendable>(_ job: @escaping @Sendable (LDAPSession) throws(LDAPError) -> T) async throws(LDAPError) -> T {
        let admitted = state.withLock { state -> Bool in
            guard state.pending < maxPending else { return false }
            state.pending += 1
            return true
        }
        guard admitted else {
            throw LDAPError(code: LDAP_BUSY, operation: "queue a directory operation",
                            diagnostic: "\(maxPending) operations are already waiting for the directory")
        }
        defer { state.withLock { $0.pending -= 1 } }
        do {
            return try await pool.runIfActive {
                let session = LDAPSession(workers: self)
                defer { session.finish() }
                return try job(session)
            }
        } catch let error as LDAPError {
            throw error
        } catch {
            throw LDAPError(operation: "run a directory operation", clientMessage: "the directory workers have stopped (\(error))")
        }
    }

    /// An idle connection of that kind (idle for less than ``longestIdle``), or a new one (bound as the service account
    /// for `service`); always a new one with `fresh`.
    fileprivate func checkOut(service: Bool, fresh: Bool) throws(LDAPError) -> (LDAPConnection, reused: Bool) {
        if !fresh {
            let now = ContinuousClock.now
            let idle = state.withLock { state -> LDAPConnection? in
                while let last = service ? state.idleService.popLast() : state.idleBinding.popLast() {
                    if now - last.since < Self.longestIdle { return last.connection }
                }
                return nil
            }
            if let idle { return (idle, true) }
        }
        return (try open(service: service), false)
    }

    /// Closes the idle connections of that kind (after one of them failed).
    fileprivate func dropIdle(service: Bool) {
        let dropped = state.withLock { state -> [Idle] in
            defer { if service { state.idleService = [] } else { state.idleBinding = [] } }
            return service ? state.idleService : state.idleBinding
        }
        _ = dropped
    }

    private func open(service: Bool) throws(LDAPError) -> LDAPConnection {
        let waiting = state.withLock { state -> LDAPError? in
            guard let retryAt = state.retryAt, ContinuousClock.now < retryAt else { return nil }
            let last = state.lastFailure.map { "; last error: \($0)" } ?? ""
            return LDAPError(code: LDAP_SERVER_DOWN, operation: "connect to \(settings.url)",
                             diagnostic: "not tried again yet after \(state.failures) failed attempt(s)\(last)")
        }
        if let waiting { throw waiting }
        do {
            let connection = try LDAPConnection(settings: settings)
            if service, let account = serviceAccount { try connection.bind(dn: account.dn, password: account.password) }
            state.withLock { state in
                state.failures = 0
                state.retryAt = nil
                state.lastFailure = nil
            }
            return connection
        } catch {
            // A server that cannot be reached, and a service account it refuses (a wrong or expired password), are
            // not asked again at once: binding again and again with a bad password would lock the account out.
            let serviceRefused = service && error.isInvalidCredentials
            if error.isUnavailable || serviceRefused { backOff(after: error, longest: serviceRefused) }
            throw error
        }
    }

    /// Takes the directory to be down after `error`: no new connection is tried before a back-off has passed (the
    /// longest one with `longest`), and jobs meanwhile fail at once.
    fileprivate func backOff(after error: LDAPError, longest: Bool = false) {
        state.withLock { state in
            state.failures += 1
            let backOff = longest ? Self.longestBackOff : min(Self.longestBackOff, .milliseconds(250) * (1 << min(state.failures - 1, 8)))
            state.retryAt = ContinuousClock.now + backOff
            state.lastFailure = error
        }
    }

    fileprivate func checkIn(_ connection: LDAPConnection, service: Bool) {
        let idle = Idle(connection: connection, since: .now)
        state.withLock { state in
            if service { state.idleService.append(idle) } else { state.idleBinding.append(idle) }
        }
    }

}

/// What a job on ``LDAPWorkers`` may do: search as the service account, and check a password with a bind on a
/// connection of its own. Lives on one worker thread for one job.
final class LDAPSession {
    private let workers: LDAPWorkers
    private var service: LDAPConnection?
    private var binding: LDAPConnection?

    fileprivate init(workers: LDAPWorkers) {
        self.workers = workers
    }

    /// A search as the service account (see ``LDAPConnection/search(base:baseOnly:filter:attributes:pageSize:sizeLimit:acceptPartial:)``).
    func search(base: String, baseOnly: Bool = false, filter: String, attributes: [String], pageSize: Int,
                sizeLimit: Int = 0, acceptPartial: Bool = false) throws(LDAPError) -> [LDAPEntry] {
        try withConnection(service: true) { connection throws(LDAPError) in
            try connection.search(base: base, baseOnly: baseOnly, filter: filter, attributes: attributes, pageSize: pageSize,
                                  sizeLimit: sizeLimit, acceptPartial: acceptPartial)
        }
    }

    /// A simple bind as `dn` with `password` on a connection used only for such binds; throws when the server refuses.
    func verify(dn: String, password: String) throws(LDAPError) {
        try withConnection(service: false) { connection throws(LDAPError) in try connection.bind(dn: dn, password: password) }
    }

    /// Runs `body` on this job's connection of that kind. A connection that fails is closed with the idle ones of its
    /// kind; when it had been used before and the server was gone before the request reached it (the server may
    /// have closed it meanwhile), `body` is tried once more on a new connection. A time-out is not tried again: the
    /// request may have been carried out (a bind counts towards lockout).
    private func withConnection<T>(service: Bool, _ body: (LDAPConnection) throws(LDAPError) -> T) throws(LDAPError) -> T {
        var fresh = false
        while true {
            let connection: LDAPConnection
            var reused = true
            if let held = service ? self.service : binding {
                connection = held
            } else {
                (connection, reused) = try workers.checkOut(service: service, fresh: fresh)
                if service { self.service = connection } else { binding = connection }
            }
            do {
                return try body(connection)
            } catch {
                guard error.closesConnection else { throw error }
                if service { self.service = nil } else { binding = nil }
                workers.dropIdle(service: service)
                guard reused, !fresh, error.code == LDAP_SERVER_DOWN else {
                    // A server that stopped answering: the jobs waiting behind this one fail at once for a while.
                    if error.isUnavailable { workers.backOff(after: error) }
                    throw error
                }
                fresh = true
            }
        }
    }

    fileprivate func finish() {
        if let service { workers.checkIn(service, service: true) }
        if let binding { workers.checkIn(binding, service: false) }
    }
}
