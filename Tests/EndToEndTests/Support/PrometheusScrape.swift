import CurlHTTP
import Foundation
import Logging
import Testing

/// A `/metrics` page read by Prometheus's own Python client (`prometheus_client.parser`, from Debian's
/// python3-prometheus-client): a page it cannot parse fails the test, so the format is checked by another
/// implementation than the one that wrote it.
struct PrometheusScrape: Sendable {
    struct Sample: Sendable, Decodable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    /// Family name → its type (`counter`, `gauge`, `histogram`…).
    let types: [String: String]
    let samples: [Sample]

    /// Scrapes `http://127.0.0.1:port/metrics` and parses it.
    static func scrape(port: Int) async throws -> PrometheusScrape {
        let client = CurlHTTPClient(logger: Logger(label: "metrics-test"))
        defer { Task { await client.shutdown() } }
        var policy = HTTPClientPolicy()
        policy.allowedHosts = ["127.0.0.1"]
        let response = try await client.get("http://127.0.0.1:\(port)/metrics", policy: policy)
        #expect(response.status.code == 200)
        let contentType = response.headers.first { $0.name == .contentType }?.value
        #expect(contentType == "text/plain; version=0.0.4; charset=utf-8")
        return try await parse(response.text ?? "")
    }

    /// Parses `text` with the Python client; throws with its error when it refuses the text.
    static func parse(_ text: String) async throws -> PrometheusScrape {
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            types, samples = {}, []
            for family in text_string_to_metric_families(sys.stdin.read()):
                types[family.name] = family.type
                for s in family.samples:
                    samples.append({"name": s.name, "labels": s.labels, "value": s.value})
            json.dump({"types": types, "samples": samples}, sys.stdout)
            """
        let output: String
        do {
            output = try await runCommand("/usr/bin/python3", ["-c", script], input: text)
        } catch {
            throw ScrapeError(reason: "the Prometheus parser refused the page: \(error)\n\(text)")
        }
        struct Parsed: Decodable {
            let types: [String: String]
            let samples: [Sample]
        }
        let parsed = try JSONDecoder().decode(Parsed.self, from: Data(output.utf8))
        return PrometheusScrape(types: parsed.types, samples: parsed.samples)
    }

    /// The sample `name` whose labels include `labels`, summed over the others (0 when there is none).
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
            .reduce(0) { $0 + $1.value }
    }

    /// Whether a sample named `name` (with `labels` among its labels) is on the page.
    func has(_ name: String, _ labels: [String: String] = [:]) -> Bool {
        samples.contains { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
    }

    /// Every metric family and sample name on the page.
    var names: Set<String> { Set(types.keys).union(samples.map(\.name)) }
}

struct ScrapeError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
