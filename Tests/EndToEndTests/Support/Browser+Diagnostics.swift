import Foundation

/// One line of the browser's console (or a failed resource load), as Chromium logged it.
struct BrowserLogEntry: Sendable, Decodable, CustomStringConvertible {
    /// `SEVERE`, `WARNING`, `INFO` or `DEBUG` (`console.error` is `SEVERE`, `console.log` `INFO`).
    let level: String
    /// Where it came from: `console-api` (the page's `console.*`), `javascript` (an uncaught error), `network`, ….
    let source: String
    let message: String
    /// Milliseconds since 1970.
    let timestamp: Double

    var description: String { "[\(level) \(source)] \(message)" }
}

extension Browser {
    /// The viewport as PNG data.
    func screenshot() async throws -> Data {
        let encoded = try await send(.get, "/screenshot", command: "take screenshot").string ?? ""
        guard let png = Data(base64Encoded: encoded) else {
            throw BrowserSetupError(message: "take screenshot answered no base64 data")
        }
        return png
    }

    /// Saves the viewport as a PNG file at `file` (its folder made as needed) and returns the file's URL; see
    /// ``TestOutput/screenshot(suite:name:)`` for where tests keep theirs.
    @discardableResult
    func saveScreenshot(to file: URL) async throws -> URL {
        let png = try await screenshot()
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try png.write(to: file)
        return file
    }

    /// The console lines logged since the last call (chromedriver hands each line out once), for a failure's
    /// diagnosis: the page's `console.*` calls, uncaught errors and failed loads.
    func consoleLog() async throws -> [BrowserLogEntry] {
        try await send(.post, "/se/log", ["type": "browser"], command: "get browser log").decode([BrowserLogEntry].self)
    }
}
