import Foundation

/// Nanoseconds on a monotonic clock shared by every task of the harness.
func monotonicNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Latency samples in nanoseconds, with percentiles in milliseconds.
struct Latencies: Sendable {
    private(set) var samples: [UInt64] = []

    mutating func add(_ nanos: UInt64) { samples.append(nanos) }
    mutating func add(contentsOf other: Latencies) { samples += other.samples }

    var count: Int { samples.count }

    /// The `p`th percentile (0–100) in milliseconds; 0 without samples.
    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * p / 100).rounded(.up)))
        return Double(sorted[index]) / 1_000_000
    }
}

/// One line of a result table: a figure, its value, and the same-run baseline it is compared with.
struct Figure: Sendable {
    let name: String
    let value: Double
    let unit: String
    let baseline: Double?
    /// True when more is better (rates); false for latencies and sizes.
    let higherIsBetter: Bool
    let target: String

    /// value ÷ baseline for rates, baseline ÷ value for costs; nil without a baseline.
    var ratio: Double? {
        guard let baseline, baseline > 0, value > 0 else { return nil }
        return higherIsBetter ? value / baseline : baseline / value
    }
}

/// Prints a scenario's figures as a Markdown table.
func printTable(_ scenario: String, parameters: String, _ figures: [Figure]) {
    var out = "\n### \(scenario) (\(parameters))\n\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|\n"
    for figure in figures {
        let value = format(figure.value) + " " + figure.unit
        let baseline = figure.baseline.map { format($0) + " " + figure.unit } ?? "—"
        let ratio = figure.ratio.map { String(format: "%.2f", $0) } ?? "—"
        out += "| \(figure.name) | \(value) | \(baseline) | \(ratio) | \(figure.target) |\n"
    }
    FileHandle.standardOutput.write(Data(out.utf8))
}

private func format(_ value: Double) -> String {
    if value >= 100 { return String(format: "%.0f", value) }
    if value >= 1 { return String(format: "%.2f", value) }
    return String(format: "%.3f", value)
}

/// Progress and notes for the person running the harness (standard error, so tables stay clean).
func note(_ text: String) {
    FileHandle.standardError.write(Data("· \(text)\n".utf8))
}
