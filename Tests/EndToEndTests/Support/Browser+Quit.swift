import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Browser {
    /// Ends the session (Chromium quits), waiting at most 20 s for chromedriver; then ends what is left of Chromium
    /// (``endChromium(profile:)``), so that its profile can go.
    func quit() async {
        _ = try? await wire.send(.delete, "/session/\(sessionID)", command: "delete session", timeout: .seconds(20))
        await Self.endChromium(profile: profile)
    }

    /// Whether a Chromium process of this browser's profile still runs.
    var chromiumIsRunning: Bool { !Self.chromiumProcesses(profile: profile).isEmpty }

    /// Waits at most 5 s for the Chromium processes of `profile` to end, then kills those left (SIGKILL): also those
    /// of a session that failed to start, which chromedriver never reported.
    static func endChromium(profile: URL) async {
        let deadline = ContinuousClock.now + .seconds(5)
        while !chromiumProcesses(profile: profile).isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for pid in chromiumProcesses(profile: profile) { kill(pid, SIGKILL) }
    }

    /// The live processes started with `--user-data-dir=<profile>` (a folder of the test's own, so only its
    /// Chromium; a zombie's command line is empty).
    private static func chromiumProcesses(profile: URL) -> [pid_t] {
        let argument = Data("--user-data-dir=\(profile.path)\0".utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")))?.range(of: argument) != nil
        }
    }
}
