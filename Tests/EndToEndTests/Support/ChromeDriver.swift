import Foundation
import SlapdFixture
#if canImport(Glibc)
import Glibc
#endif

/// Debian's chromedriver (package chromium-driver), started on a free loopback port. Tests get browsers from
/// ``withBrowser(_:)`` or ``withBrowsers(count:_:)``, which start and stop it.
///
/// Started without `--allowed-ips`: with it chromedriver listens on every interface (filtering by the peer's
/// address); without it, on 127.0.0.1 and ::1 only.
final class ChromeDriver: Sendable {
    static let executable = URL(fileURLWithPath: "/usr/bin/chromedriver")

    let port: Int
    let wire: WebDriverWire
    private let process: SpawnedProcess
    /// Chromedriver's own log (`--log-path`), in the caller's folder.
    let log: URL

    var pid: pid_t { process.pid }

    private init(port: Int, process: SpawnedProcess, log: URL) {
        self.port = port
        self.process = process
        self.log = log
        wire = WebDriverWire(port: port)
    }

    /// Starts chromedriver, logging to `folder`/chromedriver.log, and waits until its `/status` says it is ready for
    /// sessions; tries other ports when one is taken meanwhile.
    static func start(in folder: URL) async throws -> ChromeDriver {
        let log = folder.appendingPathComponent("chromedriver.log")
        for _ in 0..<5 {
            let port = try LoopbackPort.free()
            let process = try SpawnedProcess(executable, ["--port=\(port)", "--log-path=\(log.path)"],
                                             environment: environment, stdout: .discard, stderr: .discard)
            let driver = ChromeDriver(port: port, process: process, log: log)
            if try await driver.waitUntilReady() { return driver }
            await driver.stop()
        }
        throw BrowserSetupError(message: "chromedriver exited at start five times; its log: \(tail(of: log))")
    }

    /// The test process's environment without proxy settings (Chromium is given its own).
    private static var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.lowercased().hasSuffix("_proxy") }
    }

    /// Polls `/status` until it answers `ready`: true; false when chromedriver exits first (its port taken).
    private func waitUntilReady() async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { return false }
            if let status = try? await wire.send(.get, "/status", command: "status", timeout: .seconds(2)),
               status["ready"]?.bool == true {
                return true
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await stop()
        throw BrowserSetupError(message: "chromedriver on port \(port) was not ready within 20 s; its log: \(Self.tail(of: log))")
    }

    /// Whether the chromedriver process has exited (and been reaped).
    var hasExited: Bool { !process.isRunning }

    /// Stops chromedriver and waits for it; its HTTP client is shut down too. SIGKILL, as ``Slapd/stop()`` does: a
    /// child started from a thread of Swift's pool inherits that thread's signal mask, which blocks SIGTERM, so a
    /// SIGTERM would not end it (and chromedriver keeps nothing to save). Its browsers are ended before, by
    /// ``Browser/quit()``.
    func stop() async {
        let process = process
        // Only while not reaped: a reaped child's number may be another process's by now.
        if process.isRunning { process.signal(SIGKILL) }
        _ = await onOwnThread { process.waitUntilExit() }
        await wire.shutdown()
    }

    /// The last lines of a log file, for a failure message.
    static func tail(of file: URL, lines: Int = 20) -> String {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return "(no log at \(file.path))" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
