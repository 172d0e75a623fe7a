import CoreMetrics
import struct Prometheus.PrometheusMetricsFactory
import class Prometheus.PrometheusCollectorRegistry
import Synchronization

/// One daemon's metrics: swift-metrics handles made through ``factory`` land in a Prometheus registry of its own (not
/// the process-wide bootstrap, so several servers and hosts can run in one process, as the tests do), and ``exposition()``
/// renders them in the Prometheus text format with a `# HELP` line for each name described.
public final class MetricsRegistry: Sendable {
    /// The factory to make this registry's counters, timers, recorders and meters with.
    public let factory: PrometheusMetricsFactory
    private let registry: PrometheusCollectorRegistry
    private let help = Mutex<[String: String]>([:])
    private let samplers = Mutex<[@Sendable () async -> Void]>([])

    /// `durationBuckets` and `valueBuckets` give some histograms buckets of their own (by metric name); the others get
    /// 1 ms to 10 s, and 1 to 10,000.
    public init(durationBuckets: [String: [Duration]] = [:], valueBuckets: [String: [Double]] = [:]) {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
            .seconds(10),
        ]
        factory.durationHistogramBuckets = durationBuckets
        factory.defaultValueHistogramBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]
        factory.valueHistogramBuckets = valueBuckets
        self.factory = factory
    }

    /// Gives `name` the text of its `# HELP` line.
    public func describe(_ name: String, _ text: String) {
        help.withLock { $0[name] = text }
    }

    /// Describes every name of `descriptions` (name → text).
    public func describe(_ descriptions: [String: String]) {
        help.withLock { $0.merge(descriptions) { _, new in new } }
    }

    /// A counter of this registry (the same series for the same name and labels).
    public func counter(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
    }

    /// A histogram of durations, in seconds.
    public func timer(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: name, dimensions: labels, preferredDisplayUnit: .seconds, factory: factory)
    }

    /// A histogram of values (sizes, counts).
    public func histogram(_ name: String, _ labels: [(String, String)] = []) -> Recorder {
        Recorder(label: name, dimensions: labels, aggregate: true, factory: factory)
    }

    /// A gauge: a value set or moved up and down.
    public func gauge(_ name: String, _ labels: [(String, String)] = []) -> Meter {
        Meter(label: name, dimensions: labels, factory: factory)
    }

    /// Runs `sampler` before each exposition, to set gauges read from the daemon's state (sizes on disk, counts held
    /// by actors) rather than moved as things happen.
    public func addSampler(_ sampler: @escaping @Sendable () async -> Void) {
        samplers.withLock { $0.append(sampler) }
    }

    /// Every metric in the Prometheus text format (version 0.0.4), after the samplers have run.
    public func exposition() async -> String {
        for sampler in samplers.withLock({ $0 }) { await sampler() }
        let text = registry.emitToString()
        let help = help.withLock { $0 }
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), let name = line.dropFirst(7).split(separator: " ").first,
               let description = help[String(name)] {
                lines.append("# HELP \(name) \(Self.escapedHelp(description))")
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The content type of ``exposition()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Help text as the format wants it: backslashes and line feeds escaped.
    private static func escapedHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension CoreMetrics.Timer {
    /// Records the time from `start` until now.
    public func record(since start: ContinuousClock.Instant) {
        record(duration: ContinuousClock.now - start)
    }

    /// Records `duration`.
    public func record(duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
