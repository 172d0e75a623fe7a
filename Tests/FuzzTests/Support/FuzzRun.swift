import Foundation
import Testing

/// How long each fuzzer runs: a bounded number of inputs in `swift test`, or as long as `PCHAT_FUZZ_SECONDS` asks
/// (`PCHAT_FUZZ_SECONDS=600 swift test --filter FuzzTests`). `PCHAT_FUZZ_SEED` replays a reported input.
enum FuzzRun {
    /// The longest one input may take before it counts as a hang.
    static let hangLimit: Duration = .seconds(2)

    /// Inputs run between two yields of the thread: the run shares Swift's few cooperative threads with the suite's
    /// in-process servers, whose answers would otherwise wait for the whole run.
    static let inputsPerYield = 20

    /// Runs `check` on `inputs` inputs (or for the configured time), each made by `make` from its own seed; records the
    /// seed of any input that fails or takes longer than ``hangLimit``.
    static func run(_ name: String, inputs: Int, make: (inout FuzzRandom) -> [UInt8],
                    check: ([UInt8]) -> String?) async {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["PCHAT_FUZZ_SECONDS"].flatMap(Double.init)
        let replay = environment["PCHAT_FUZZ_SEED"].flatMap { UInt64($0) }
        let clock = ContinuousClock()
        let deadline = seconds.map { clock.now + .milliseconds(Int($0 * 1000)) }
        var seed = replay ?? 1
        var done = 0
        var failures = 0
        while failures < 5 {
            if let deadline {
                if clock.now >= deadline { break }
            } else if done >= inputs || (replay != nil && done >= 1) {
                break
            }
            var random = FuzzRandom(seed: seed)
            let input = make(&random)
            let started = clock.now
            let problem = check(input)
            let took = clock.now - started
            if let problem {
                failures += 1
                Issue.record("\(name) seed \(seed): \(problem)\ninput: \(describe(input))")
            } else if took > hangLimit {
                failures += 1
                Issue.record("\(name) seed \(seed): one input took \(took)\ninput: \(describe(input))")
            }
            seed += 1
            done += 1
            if done % inputsPerYield == 0 { await Task.yield() }
        }
        if seconds != nil {
            FileHandle.standardError.write(Data("\(name): \(done) inputs\n".utf8))
        }
    }

    /// The input as escaped text, cut to a readable length.
    static func describe(_ input: [UInt8]) -> String {
        let text = String(decoding: input.prefix(600), as: UTF8.self)
        let escaped = text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return input.count > 600 ? escaped + "… (\(input.count) bytes)" : escaped
    }
}
