import Foundation

/// Starts chromedriver and one headless Chromium (a profile of its own in a temporary folder), runs `body` with the
/// browser, and then, however `body` ends, ends the session (killing Chromium if it does not quit), stops
/// chromedriver and removes the folder.
func withBrowser<Result>(_ body: (Browser) async throws -> Result) async throws -> Result {
    try await withBrowsers(count: 1) { browsers in
        guard let browser = browsers.first else { throw BrowserSetupError(message: "no browser started") }
        return try await body(browser)
    }
}

/// ``withBrowser(_:)`` with `count` browsers at once (separate profiles, so separate cookies and storage: two
/// users signed in side by side), driven by one chromedriver.
func withBrowsers<Result>(count: Int, _ body: ([Browser]) async throws -> Result) async throws -> Result {
    try await withTestFolder { folder in
        let driver = try await ChromeDriver.start(in: folder)
        return try await withCleanUp {
            try await driver.withBrowsers(count, folder: folder, started: [], body)
        } cleanUp: {
            await driver.stop()
        }
    }
}

extension ChromeDriver {
    /// Starts `count` more browsers, profiles in `folder`, after `started`; runs `body` with them all; quits them.
    fileprivate func withBrowsers<Result>(_ count: Int, folder: URL, started: [Browser],
                                          _ body: ([Browser]) async throws -> Result) async throws -> Result {
        guard count > 0 else { return try await body(started) }
        let profile = folder.appendingPathComponent("profile-\(started.count + 1)", isDirectory: true)
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let browser: Browser
        do {
            browser = try await Browser.start(on: self, profile: profile)
        } catch {
            await Browser.endChromium(profile: profile)
            throw BrowserSetupError(message: "Chromium did not start (\(error)); chromedriver's log: \(Self.tail(of: log))")
        }
        return try await withCleanUp {
            try await withBrowsers(count - 1, folder: folder, started: started + [browser], body)
        } cleanUp: {
            await browser.quit()
            try? FileManager.default.removeItem(at: profile)
        }
    }
}
