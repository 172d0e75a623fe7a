import Foundation
import HTTPTypes
#if canImport(Glibc)
import Glibc
#endif

/// One headless Chromium, driven through a WebDriver session of a ``ChromeDriver``. Tests get one from
/// ``withBrowser(_:)`` (or several from ``withBrowsers(count:_:)``), which ends it however the test ends.
///
/// Page operations are here; elements are ``BrowserElement``s; the window, waiting, screenshots and the console
/// log, and ending the browser are in extensions of their own.
final class Browser: Sendable {
    let sessionID: String
    /// The profile folder (`--user-data-dir`), removed when the browser ends.
    let profile: URL
    /// Chromium's browser process, as chromedriver reports it (`goog:processID`).
    let chromiumPID: pid_t?
    /// The chromedriver the session is of.
    let driver: ChromeDriver
    var wire: WebDriverWire { driver.wire }

    private init(sessionID: String, profile: URL, chromiumPID: pid_t?, driver: ChromeDriver) {
        self.sessionID = sessionID
        self.profile = profile
        self.chromiumPID = chromiumPID
        self.driver = driver
    }

    /// Starts Chromium with its profile in `profile` (an empty folder) in a new session of `driver`.
    static func start(on driver: ChromeDriver, profile: URL) async throws -> Browser {
        let value = try await driver.wire.send(.post, "/session", ChromiumOptions.sessionRequest(profile: profile),
                                               command: "new session", timeout: .seconds(60))
        guard let id = value["sessionId"]?.string else {
            throw BrowserSetupError(message: "new session answered without a sessionId: \(value.jsonText)")
        }
        let pid = value["capabilities"]?["goog:processID"]?.int.map { pid_t(truncatingIfNeeded: $0) }
        return Browser(sessionID: id, profile: profile, chromiumPID: pid, driver: driver)
    }

    /// Sends a command of this session (`path` after `/session/<id>`).
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, command: String) async throws -> JSONValue {
        try await wire.send(method, "/session/\(sessionID)\(path)", body, command: command)
    }

    /// Loads `url` and waits for the page's load event (WebDriver's "normal" page load strategy).
    func navigate(to url: String) async throws {
        try await send(.post, "/url", ["url": .string(url)], command: "navigate to \(url)")
    }

    /// The URL of the page shown.
    var currentURL: String {
        get async throws { try await send(.get, "/url", command: "get current URL").string ?? "" }
    }

    /// The page's title.
    var title: String {
        get async throws { try await send(.get, "/title", command: "get title").string ?? "" }
    }

    /// Reloads the page and waits for it to load.
    func reload() async throws {
        try await send(.post, "/refresh", command: "refresh")
    }

    /// The first element matching the CSS selector; throws ``WebDriverError`` `no such element` when there is none.
    func find(_ selector: String) async throws -> BrowserElement {
        let value = try await send(.post, "/element", BrowserElement.locator(selector), command: "find element \"\(selector)\"")
        return try BrowserElement(reference: value, selector: selector, browser: self)
    }

    /// Every element matching the CSS selector, in document order (none: empty).
    func findAll(_ selector: String) async throws -> [BrowserElement] {
        let value = try await send(.post, "/elements", BrowserElement.locator(selector), command: "find elements \"\(selector)\"")
        return try (value.array ?? []).map { try BrowserElement(reference: $0, selector: selector, browser: self) }
    }

    /// Runs `script` as the body of a function called with `arguments` (``BrowserElement/reference`` passes an
    /// element) and returns what it returns, as JSON (an element comes back as its reference object).
    @discardableResult
    func executeScript(_ script: String, _ arguments: [JSONValue] = []) async throws -> JSONValue {
        try await send(.post, "/execute/sync", ["script": .string(script), "args": .array(arguments)],
                       command: "execute script \(Self.abbreviated(script))")
    }

    /// Runs `script` with `arguments` and a callback as its last argument (`arguments[arguments.length - 1]`), and
    /// returns the value the script passes to the callback; a script that does not call it within 30 s fails with
    /// `script timeout`.
    @discardableResult
    func executeAsyncScript(_ script: String, _ arguments: [JSONValue] = []) async throws -> JSONValue {
        try await send(.post, "/execute/async", ["script": .string(script), "args": .array(arguments)],
                       command: "execute async script \(Self.abbreviated(script))")
    }

    /// The first line of a script, cut to 60 characters, to name it in an error.
    private static func abbreviated(_ script: String) -> String {
        let line = script.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return "\"" + (trimmed.count > 60 ? trimmed.prefix(60) + "…" : trimmed) + "\""
    }
}
