import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs password checks (PBKDF2, deliberately slow) on a few threads of their own, never on an event loop or Swift's
/// cooperative pool, so a flood of sign-ins cannot hold up the posts, acknowledgements and joins of connections
/// already established. The threads run at a lower priority (nice +10 on Linux): when the cores are busy, serving
/// established clients comes first. At most `limits.verifiers` checks run at once and `limits.waitingVerifications`
/// wait; more are refused at once (``run(_:)`` returns nil). The threads end when the verifiers are released.
final class PasswordVerifiers: Sendable {
    /// The work shared with the threads (which must not keep the verifiers alive).
    private final class Work: Sendable {
        struct State {
            var jobs: [@Sendable () -> Void] = []
            var next = 0
            var running = 0
            var stopped = false
        }

        let state = Mutex(State())
        let ready = DispatchSemaphore(value: 0)

        /// Runs jobs until stopped.
        func serve() {
            #if canImport(Glibc)
            // On Linux the nice value belongs to the calling thread only.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            #endif
            while true {
                ready.wait()
                let job = state.withLock { state -> (@Sendable () -> Void)? in
                    guard !state.stopped, state.next < state.jobs.count else { return nil }
                    let job = state.jobs[state.next]
                    state.next += 1
                    if state.next > 64, state.next * 2 > state.jobs.count {
                        state.jobs.removeFirst(state.next)
                        state.next = 0
                    }
                    state.running += 1
                    return job
                }
                guard let job else { return }
                job()
                state.withLock { $0.running -= 1 }
            }
        }
    }

    private let work = Work()
    private let threads: Int
    private let capacity: Int

    init(limits: SignInLimits) {
        threads = limits.verifiers
        capacity = limits.verifiers + limits.waitingVerifications
        for number in 0..<threads {
            let work = work
            let thread = Thread { work.serve() }
            thread.name = "pchatd-verifier-\(number)"
            thread.start()
        }
    }

    deinit {
        work.state.withLock { $0.stopped = true }
        for _ in 0..<threads { work.ready.signal() }
    }

    /// Checks running or waiting now.
    var pending: Int { work.state.withLock { $0.jobs.count - $0.next + $0.running } }

    /// Runs `check` on a verifier thread and returns its result; nil, without running it, when every verifier is
    /// busy and the wait queue is full.
    func run<T: Sendable>(_ check: @escaping @Sendable () -> T) async -> T? {
        await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let accepted = work.state.withLock { state -> Bool in
                guard state.jobs.count - state.next + state.running < capacity else { return false }
                state.jobs.append { continuation.resume(returning: check()) }
                return true
            }
            if accepted {
                work.ready.signal()
            } else {
                continuation.resume(returning: nil)
            }
        }
    }
}
