import ArgumentParser
import Foundation

/// `pchat-bench SCENARIO…`: runs scenarios against a real pchatd child process and prints result tables.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pchat-bench",
        abstract: "Benchmarks pchatd over loopback, each scenario with its baseline measured in the same run.",
        discussion: "Scenarios: ingest, fanout, bots, joins, history, connections, auditorium, signin-flood, directory, all. Build with -c release for figures worth recording.")

    @Argument(help: "Scenarios to run (ingest, fanout, bots, joins, history, connections, auditorium, signin-flood, directory, all).") var scenarios: [String] = ["all"]
    @Flag(help: "Tiny sizes, to check that every scenario still runs (CI).") var smoke = false
    @Option(help: "The pchatd executable (default: next to this one).") var pchatd: String?

    func run() async throws {
        if scenarios == ["_broadcast-server"] {
            try await BroadcastServer.run()
            return
        }
        if scenarios == ["_bare-nio-server"] {
            try await BareNIOServer.run()
            return
        }
        let harness = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let server = pchatd.map { URL(fileURLWithPath: $0) } ?? harness.deletingLastPathComponent().appendingPathComponent("pchatd")
        guard FileManager.default.isExecutableFile(atPath: server.path) else {
            throw ValidationError("no pchatd at \(server.path); build it (swift build -c release) or pass --pchatd")
        }
        let known = ["ingest", "fanout", "bots", "joins", "history", "connections", "auditorium", "signin-flood", "directory"]
        let chosen = scenarios.contains("all") ? known : scenarios
        for scenario in chosen where !known.contains(scenario) {
            throw ValidationError("unknown scenario '\(scenario)'; known: \(known.joined(separator: ", ")), all")
        }
        do {
            try await run(chosen, server: server, harness: harness)
        } catch {
            await BenchServer.stopAll()
            throw error
        }
    }

    /// A positive whole number from the environment, or `fallback`.
    private static func setting(_ name: String, _ fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap(Int.init).map { max(1, $0) } ?? fallback
    }

    private func run(_ chosen: [String], server: URL, harness: URL) async throws {
        FileHandle.standardOutput.write(Data("# pchat-bench\(smoke ? " (smoke)" : "") on \(ProcessInfo.processInfo.activeProcessorCount) cores\n".utf8))
        for scenario in chosen {
            switch scenario {
            case "ingest":
                // PCHAT_BENCH_INGEST_ROOMS and _POSTS (per client) change the load, to profile it (BENCHMARKS.md).
                try await Ingest(clients: smoke ? 4 : 50, rooms: smoke ? 2 : Self.setting("PCHAT_BENCH_INGEST_ROOMS", 10),
                                 messagesPerClient: smoke ? 20 : Self.setting("PCHAT_BENCH_INGEST_POSTS", 400),
                                 window: smoke ? 2 : 8, pacedRate: smoke ? 200 : 5_000).run(pchatd: server)
            case "fanout":
                try await Fanout(sessions: smoke ? 10 : 1000, messages: smoke ? 10 : 750, perSecond: smoke ? 50 : 150)
                    .run(pchatd: server, harness: harness)
            case "bots":
                try await BotRoundTrip(rates: smoke ? [20] : [100, 1000], seconds: smoke ? 0.5 : 5)
                    .run(pchatd: server, bothost: server.deletingLastPathComponent().appendingPathComponent("bothost"))
            case "joins":
                try await JoinStorm(endpoints: smoke ? 4 : 50, rooms: smoke ? 2 : 20, joinsPerEndpoint: smoke ? 3 : 20).run(pchatd: server)
            case "history":
                try await HistorySearch(rooms: smoke ? 10 : 1000, messages: smoke ? 2000 : 1_000_000, samples: smoke ? 10 : 200,
                                        crossRooms: smoke ? 5 : 100).run(pchatd: server)
            case "connections":
                try await Connections(count: smoke ? 20 : 19_000).run(pchatd: server, harness: harness)
            case "auditorium":
                try await Auditorium(members: smoke ? 10 : 16_000, posts: smoke ? 3 : 20, perSecond: 2)
                    .run(pchatd: server, harness: harness)
            case "directory":
                try await DirectoryScale(users: smoke ? 300 : Self.setting("PCHAT_BENCH_DIRECTORY_USERS", 100_000),
                                         groups: smoke ? 50 : 5_000, signIns: smoke ? 20 : 1_000, rate: 50,
                                         roleChecks: smoke ? 100 : 100_000, searches: smoke ? 5 : 200).run(pchatd: server)
            case "signin-flood":
                try await SignInFlood(clients: smoke ? 4 : 50, rooms: smoke ? 2 : 10, posts: smoke ? 200 : 25_000,
                                      pacedRate: smoke ? 200 : 5_000, attackers: smoke ? 10 : 200).run(pchatd: server)
            default:
                break
            }
        }
    }
}
