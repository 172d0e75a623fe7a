import Foundation
import Synchronization

/// The calls under way to each host, for ``HTTPClientPolicy/maxConcurrentPerHost``: a call whose policy caps its host
/// at `n` waits, in order, while `n` or more calls to that host are under way (every call of the client counts,
/// capped or not).
final class HostGates: Sendable {
    private struct Waiter {
        let id: Int
        let limit: Int
        let continuation: CheckedContinuation<Void, any Error>
    }
    private struct Host {
        var active = 0
        var waiters: [Waiter] = []
    }
    private struct State {
        var hosts: [String: Host] = [:]
        var nextId = 0
    }
    private let state = Mutex(State())

    /// Enters `host` (lowercased by the caller), waiting while `limit` calls to it are under way; throws
    /// ``CurlHTTPError/cancelled`` when the task is cancelled meanwhile. Every entry must be left with ``leave(_:)``.
    func enter(_ host: String, limit: Int?) async throws {
        // Without a wait, without a suspension.
        let (admitted, id) = state.withLock { state -> (Bool, Int) in
            var entry = state.hosts[host, default: Host()]
            if entry.waiters.isEmpty, entry.active < (limit ?? .max) {
                entry.active += 1
                state.hosts[host] = entry
                return (true, 0)
            }
            defer { state.nextId += 1 }
            return (false, state.nextId)
        }
        if admitted { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CurlHTTPError.cancelled) }
                    var entry = state.hosts[host, default: Host()]
                    defer { state.hosts[host] = entry }
                    if entry.waiters.isEmpty, entry.active < (limit ?? .max) {
                        entry.active += 1
                        return .success(())
                    }
                    entry.waiters.append(Waiter(id: id, limit: limit ?? .max, continuation: continuation))
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.hosts[host]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.hosts[host]?.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CurlHTTPError.cancelled)
            admitWaiting(host)
        }
    }

    /// Leaves `host`: the waiters whose limit now admits them go in, in order.
    func leave(_ host: String) {
        state.withLock { state in state.hosts[host]?.active -= 1 }
        admitWaiting(host)
    }

    private func admitWaiting(_ host: String) {
        let admitted = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            guard var entry = state.hosts[host] else { return [] }
            var admitted: [CheckedContinuation<Void, any Error>] = []
            // In order: the first waiter its limit keeps out holds the ones behind it.
            while let first = entry.waiters.first, entry.active < first.limit {
                entry.waiters.removeFirst()
                entry.active += 1
                admitted.append(first.continuation)
            }
            state.hosts[host] = entry.active == 0 && entry.waiters.isEmpty ? nil : entry
            return admitted
        }
        for continuation in admitted { continuation.resume() }
    }

    /// How many calls to `host` are under way (for tests).
    func active(_ host: String) -> Int {
        state.withLock { $0.hosts[host]?.active ?? 0 }
    }
}
