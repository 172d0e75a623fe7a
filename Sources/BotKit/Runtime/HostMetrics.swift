import CoreMetrics
import Foundation
import ServiceHealth
import Synchronization

/// bothost's metrics, served at `/metrics` on host.yaml's `metrics.listen` (docs/operations.md lists them). Each bot
/// instance's are labelled by `room` (its name) and `bot` (`type#index`); what an instance holds (its queue, its
/// breaker, how far behind it is) is read when Prometheus scrapes.
package final class HostMetrics: Sendable {
    package let registry = MetricsRegistry()
    /// The gauges of the instances seen at the last scrape, by room and bot; an instance gone since is removed.
    private let heldGauges = Mutex<[InstanceKey: HeldGauges]>([:])

    package init() {
        registry.describe(Self.descriptions)
    }

    /// The counters and timers of one instance.
    func instance(room: String, bot: String) -> BotInstanceMetrics {
        BotInstanceMetrics(registry: registry, labels: [("room", room), ("bot", bot)])
    }

    /// An endpoint's connection was lost and is being re-established.
    func reconnecting(endpoint: String) {
        reconnects(endpoint).increment()
    }

    /// The count of an endpoint's reconnects (registered at 0 when the endpoint is first served).
    @discardableResult
    func reconnects(_ endpoint: String) -> Counter {
        registry.counter("pchat_bot_reconnects_total", [("endpoint", endpoint)])
    }

    /// Sets each instance's queue depth, breaker state and lag; removes the gauges of instances no longer running.
    func setHeld(_ instances: [(statistics: BotStatistics, lag: Duration)]) {
        heldGauges.withLock { gauges in
            var seen = Set<InstanceKey>()
            for (statistics, lag) in instances {
                let key = InstanceKey(room: statistics.room, bot: statistics.name)
                seen.insert(key)
                let held = gauges[key] ?? HeldGauges(registry: registry, labels: [("room", key.room), ("bot", key.bot)])
                gauges[key] = held
                held.queueDepth.set(statistics.queued)
                held.breakerOpen.set(statistics.disabled ? 1 : 0)
                let (seconds, attoseconds) = lag.components
                held.lag.set(Double(seconds) + Double(attoseconds) / 1e18)
            }
            for (key, held) in gauges where !seen.contains(key) {
                held.destroy()
                gauges[key] = nil
            }
        }
    }

    private struct InstanceKey: Hashable {
        let room: String
        let bot: String
    }

    private struct HeldGauges {
        let queueDepth: Meter
        let breakerOpen: Meter
        let lag: Meter

        init(registry: MetricsRegistry, labels: [(String, String)]) {
            queueDepth = registry.gauge("pchat_bot_queue_depth", labels)
            breakerOpen = registry.gauge("pchat_bot_breaker_open", labels)
            lag = registry.gauge("pchat_bot_lag_seconds", labels)
        }

        func destroy() {
            queueDepth.destroy()
            breakerOpen.destroy()
            lag.destroy()
        }
    }

    /// The `# HELP` texts.
    static let descriptions: [String: String] = [
        "pchat_bot_messages_total": "Room messages a bot instance finished, by outcome: handled, failed, timed_out.",
        "pchat_bot_handler_duration_seconds": "Time a bot's message handler took.",
        "pchat_bot_queue_depth": "Messages a bot instance holds: queued or being handled.",
        "pchat_bot_breaker_open": "1 while a bot instance's circuit breaker has it disabled, else 0.",
        "pchat_bot_lag_seconds": "Age of the oldest room message a bot instance holds and has not finished (0 when caught up).",
        "pchat_bot_replies_total": "Replies by outcome: sent (stored by the server), refused (by the server), held_back (by outbound middleware).",
        "pchat_bot_http_requests_total": "HTTP call-outs made by bots, by status code (or error).",
        "pchat_bot_http_duration_seconds": "Time an HTTP call-out took, redirects included.",
        "pchat_bot_webhook_calls_total": "Webhook calls to bots, by the status answered.",
        "pchat_bot_reconnects_total": "Times an endpoint's connection was lost and re-established, by endpoint.",
    ]
}

/// One bot instance's counters and timers (labels `room` and `bot`).
final class BotInstanceMetrics: Sendable {
    private let registry: MetricsRegistry
    private let labels: [(String, String)]
    let handled: Counter
    let failed: Counter
    let timedOut: Counter
    let handlerDuration: CoreMetrics.Timer
    let repliesSent: Counter
    let repliesRefused: Counter
    let repliesHeldBack: Counter
    let httpDuration: CoreMetrics.Timer

    init(registry: MetricsRegistry, labels: [(String, String)]) {
        self.registry = registry
        self.labels = labels
        handled = registry.counter("pchat_bot_messages_total", labels + [("outcome", "handled")])
        failed = registry.counter("pchat_bot_messages_total", labels + [("outcome", "failed")])
        timedOut = registry.counter("pchat_bot_messages_total", labels + [("outcome", "timed_out")])
        handlerDuration = registry.timer("pchat_bot_handler_duration_seconds", labels)
        repliesSent = registry.counter("pchat_bot_replies_total", labels + [("outcome", "sent")])
        repliesRefused = registry.counter("pchat_bot_replies_total", labels + [("outcome", "refused")])
        repliesHeldBack = registry.counter("pchat_bot_replies_total", labels + [("outcome", "held_back")])
        httpDuration = registry.timer("pchat_bot_http_duration_seconds", labels)
    }

    /// A message's handler call ended with `outcome` after `duration`.
    func finished(_ outcome: HandlerOutcome, after duration: Duration) {
        switch outcome {
        case .completed: handled.increment()
        case .failed: failed.increment()
        case .timedOut: timedOut.increment()
        case .stopped: return
        }
        handlerDuration.record(duration: duration)
    }

    /// An HTTP call-out ended with `status` (a code, or `error`) after `duration`.
    func httpCall(status: String, duration: Duration) {
        registry.counter("pchat_bot_http_requests_total", labels + [("status", status)]).increment()
        httpDuration.record(duration: duration)
    }

    /// A webhook call to the instance was answered with `status`.
    func webhookCall(status: Int) {
        registry.counter("pchat_bot_webhook_calls_total", labels + [("status", "\(status)")]).increment()
    }
}
