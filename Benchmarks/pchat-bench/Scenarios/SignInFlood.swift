import Foundation
import PersistentChat
import PersistentChatDirectory
import Synchronization

/// Ingest acknowledgements while strangers try wrong passwords: a paced load of posts, first alone, then with
/// `attackers` connections each signing in again and again, in one run against one pchatd: once with an address that
/// does not parse (refused before any password check: the cost of the connections alone, the floor), once with wrong
/// passwords.
///
/// The directory uses new-style hashes (PBKDF2-SHA256, 600,000 iterations) and the server's sign-in counters are set
/// out of reach, so no attempt is throttled: the worst case for the verifier pool. Established clients should not
/// notice the password checks (their acks wait on the event loops and the committer, never on a verifier).
struct SignInFlood {
    var clients: Int
    var rooms: Int
    /// Posts per paced load.
    var posts: Int
    var pacedRate: Int
    var attackers: Int

    func run(pchatd: URL) async throws {
        let roomNames = (1...rooms).map { "flood-\($0)" }
        let unreachable = "  sign_in: {failures: 1000000, address_failures: 1000000, account_failures: 1000000}"
        let server = try await BenchServer.start(pchatd: pchatd, users: clients, rooms: roomNames, extraLimits: unreachable,
                                                 scheme: .pbkdf2SHA256)
        let sessions = try await Ingest.joinPosters(server, clients: clients, rooms: roomNames)
        note("signin-flood: \(clients) clients joined \(rooms) rooms; \(posts) posts at \(pacedRate)/s, alone, with \(attackers) connections refused at once, with \(attackers) guessing passwords")
        let body = String(repeating: "ingest payload words ", count: 9)
        let quiet = try await Ingest.paced(sessions, rate: pacedRate, count: posts, body: body)
        let floor = try await underAttack(sessions, url: server.url, body: body) { attacker in
            ("not a SIP address \(attacker)", "any")
        }
        let flood = try await underAttack(sessions, url: server.url, body: body) { attacker in
            ("sip:user\(attacker % max(1, clients) + 1)@bench.example", "wrong-\(attacker)")
        }
        for session in sessions { await session.endpoint.terminate() }
        await server.stop()

        printTable("signin-flood", parameters: "\(clients) clients, \(posts) posts at \(pacedRate)/s; \(attackers) connections signing in again and again", [
            Figure(name: "acknowledged, quiet", value: Double(quiet.count), unit: "of \(posts)", baseline: nil, higherIsBetter: true, target: "all"),
            Figure(name: "acknowledged, under the flood", value: Double(flood.latencies.count), unit: "of \(posts)", baseline: nil,
                   higherIsBetter: true, target: "all"),
            Figure(name: "ack latency p99, quiet", value: quiet.percentile(99), unit: "ms", baseline: nil, higherIsBetter: false,
                   target: "≤ 20 ms"),
            Figure(name: "ack latency p99, connections refused before any password check (floor)", value: floor.latencies.percentile(99),
                   unit: "ms", baseline: quiet.percentile(99), higherIsBetter: false, target: "—"),
            Figure(name: "ack latency p50, under the flood", value: flood.latencies.percentile(50), unit: "ms",
                   baseline: floor.latencies.percentile(50), higherIsBetter: false, target: "—"),
            Figure(name: "ack latency p99, under the flood", value: flood.latencies.percentile(99), unit: "ms",
                   baseline: floor.latencies.percentile(99), higherIsBetter: false, target: "≤ 2 × floor"),
            Figure(name: "sign-ins refused during the floor load", value: floor.refusedPerSecond, unit: "/s", baseline: nil,
                   higherIsBetter: true, target: "—"),
            Figure(name: "wrong-password sign-ins refused during the flooded load", value: flood.refusedPerSecond,
                   unit: "/s", baseline: nil, higherIsBetter: true, target: "—"),
        ])
    }

    /// The paced load while `attackers` connections sign in with `identity(attacker)` in a loop; throws if any is let in.
    private func underAttack(_ sessions: [ChatRoomSession], url: String, body: String,
                             identity: @escaping @Sendable (Int) -> (user: String, password: String)) async throws -> (latencies: Latencies, refusedPerSecond: Double) {
        let attempts = FloodCounts()
        let platform = CollaborationPlatform(applicationName: "pchat-bench")
        let attackers = attackers
        let attack = Task {
            await withTaskGroup(of: Void.self) { group in
                for attacker in 0..<attackers {
                    group.addTask {
                        let (user, password) = identity(attacker)
                        while !attempts.stopped.load(ordering: .relaxed) {
                            let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
                                platform: platform, ownerUri: user, password: password))
                            do {
                                try await endpoint.establish()
                                attempts.accepted.add(1, ordering: .relaxed)
                                await endpoint.terminate()
                            } catch {
                                attempts.refused.add(1, ordering: .relaxed)
                            }
                        }
                    }
                }
            }
        }
        // Let the attack fill the verifiers' queue before measuring.
        try await Task.sleep(for: .seconds(1))
        let before = attempts.refused.load(ordering: .relaxed)
        let started = monotonicNanos()
        let latencies = try await Ingest.paced(sessions, rate: pacedRate, count: posts, body: body)
        let seconds = Double(monotonicNanos() - started) / 1e9
        let refused = attempts.refused.load(ordering: .relaxed) - before
        attempts.stopped.store(true, ordering: .relaxed)
        await attack.value
        let accepted = attempts.accepted.load(ordering: .relaxed)
        guard accepted == 0 else { throw BenchError("\(accepted) sign-ins that should be refused were accepted") }
        return (latencies, Double(refused) / max(seconds, 0.001))
    }
}

/// What the attackers of ``SignInFlood`` did, and the flag that stops them.
private final class FloodCounts: Sendable {
    let refused = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
    let stopped = Atomic<Bool>(false)
}
