import Foundation

/// Runs blocking work (pipe reads, waiting for a process) on its own thread, never on the few threads
/// of Swift's cooperative pool, which the in-process server needs meanwhile.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.start()
    }
}
