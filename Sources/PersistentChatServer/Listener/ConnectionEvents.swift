import Logging
import Synchronization

/// Connections refused or closed by `limits.connections`, counted and logged as one line at most every
/// ``interval``, so that a flood of sockets cannot flood the log.
///
/// The line (`connections refused or closed by limits.connections`) gives, per event, the count since the last line
/// and since the start, and the last source address concerned.
final class ConnectionEvents: Sendable {
    enum Event: String, CaseIterable, Sendable {
        case refusedOverTotal = "refused_over_total"
        case refusedOverPerAddress = "refused_over_per_address"
        case noRequestInTime = "no_request_in_time"
        case noEstablishInTime = "no_establish_in_time"
        case frameBeforeEstablishTooLarge = "frame_before_establish_too_large"
        case tooSlow = "too_slow"
    }

    /// The shortest time between two lines.
    static let interval: Duration = .seconds(10)

    private struct State {
        var recent: [Event: Int] = [:]
        var totals: [Event: Int] = [:]
        var lastAddress: String?
        var lastLine: ContinuousClock.Instant?
        var flushScheduled = false
    }

    private let logger: Logger
    private let metrics: ServerMetrics?
    private let state = Mutex(State())

    init(logger: Logger, metrics: ServerMetrics? = nil) {
        self.logger = logger
        self.metrics = metrics
    }

    /// Counts `event` (from `address`, when known); logs now if no line went out in the last ``interval``, else once
    /// it has passed.
    func record(_ event: Event, address: String? = nil) {
        metrics?.connectionLimitEvent(event.rawValue)
        if event == .tooSlow { metrics?.slowClientDisconnects.increment() }
        let now = ContinuousClock.now
        let action = state.withLock { state -> (line: Logger.Metadata?, flushAfter: Duration?) in
            state.recent[event, default: 0] += 1
            state.totals[event, default: 0] += 1
            if let address { state.lastAddress = address }
            if let last = state.lastLine, now - last < Self.interval {
                guard !state.flushScheduled else { return (nil, nil) }
                state.flushScheduled = true
                return (nil, Self.interval - (now - last))
            }
            return (Self.takeLine(&state, at: now), nil)
        }
        if let line = action.line { log(line) }
        if let delay = action.flushAfter {
            Task {
                try? await Task.sleep(for: delay)
                let line = self.state.withLock { state -> Logger.Metadata? in
                    state.flushScheduled = false
                    return state.recent.isEmpty ? nil : Self.takeLine(&state, at: .now)
                }
                if let line { self.log(line) }
            }
        }
    }

    private static func takeLine(_ state: inout State, at now: ContinuousClock.Instant) -> Logger.Metadata {
        var metadata: Logger.Metadata = [:]
        for event in Event.allCases where state.totals[event] != nil {
            metadata[event.rawValue] = "\(state.recent[event, default: 0]) (\(state.totals[event, default: 0]) since start)"
        }
        if let address = state.lastAddress { metadata["last_address"] = "\(address)" }
        state.recent = [:]
        state.lastAddress = nil
        state.lastLine = now
        return metadata
    }

    private func log(_ metadata: Logger.Metadata) {
        logger.notice("connections refused or closed by limits.connections", metadata: metadata)
    }
}
