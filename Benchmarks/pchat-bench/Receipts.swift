import Foundation
import Synchronization

/// Counts replies and waits for a count to be reached.
final class Counter: Sendable {
    private let box = Mutex(0)
    func increment() { box.withLock { $0 += 1 } }
    var value: Int { box.withLock { $0 } }

    /// Waits until the count reaches `target` or `seconds` pass; true when reached.
    func wait(for target: Int, seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while value < target {
            if Date() > deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }
}

/// Messages received, each timed from the send time stamped into it.
final class Receipts: Sendable {
    private struct State {
        var latencies = Latencies()
        var last: UInt64 = 0
        /// For each send time: how many receipts, and the latest latency among them.
        var perMessage: [UInt64: (count: Int, slowest: UInt64)] = [:]
    }

    private let box = Mutex(State())

    func record(sentAt: UInt64) {
        let now = monotonicNanos()
        box.withLock { state in
            let latency = now - sentAt
            state.latencies.add(latency)
            state.last = max(state.last, now)
            let seen = state.perMessage[sentAt] ?? (0, 0)
            state.perMessage[sentAt] = (seen.count + 1, max(seen.slowest, latency))
        }
    }

    func reset() { box.withLock { $0 = State() } }

    /// The latencies so far, and when the last receipt arrived.
    var result: (latencies: Latencies, last: UInt64) { box.withLock { ($0.latencies, $0.last) } }

    /// For each message received `receivers` times: the latency of its last receipt.
    func completions(receivers: Int) -> Latencies {
        box.withLock { state in
            var completions = Latencies()
            for entry in state.perMessage.values where entry.count >= receivers { completions.add(entry.slowest) }
            return completions
        }
    }

    /// Waits until `count` have arrived or `seconds` pass; true when they arrived.
    func wait(for count: Int, seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while result.latencies.count < count {
            if Date() > deadline { return false }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return true
    }
}
