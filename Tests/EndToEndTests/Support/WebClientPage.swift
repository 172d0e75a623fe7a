import Foundation
import Testing

/// The web client in one browser, as a person uses it: the page objects of the web client tests, named by the
/// element ids and classes the client promises (docs/web-client.md).
struct WebClientPage {
    let browser: Browser
    /// `http://127.0.0.1:PORT` of the pchatd serving the client.
    let base: String
    /// The suite whose output folder takes the screenshots.
    let suite: String

    init(_ browser: Browser, server: TestServer, suite: String) {
        self.browser = browser
        base = "http://127.0.0.1:\(server.port)"
        self.suite = suite
    }

    /// One message as the room view shows it.
    struct ShownMessage: Equatable, CustomStringConvertible {
        let id: Int64
        let author: String
        let body: String
        var description: String { "#\(id) \(author): \(body)" }
    }

    /// Opens the client and fills in the sign-in form; does not wait for the outcome.
    func submitSignIn(_ user: String, password: String = TestDirectory.password) async throws {
        if try await browser.findAll("form#sign-in").isEmpty {
            try await browser.navigate(to: base + "/")
        }
        let form = try await browser.waitForElement("form#sign-in")
        let userField = try await form.find("input[name=user]")
        try await userField.clear()
        try await userField.sendKeys(user.contains(":") ? user : "sip:\(user)@contoso.com")
        let passwordField = try await form.find("input[name=password]")
        try await passwordField.clear()
        try await passwordField.sendKeys(password)
        try await form.find("button[type=submit]").click()
    }

    /// Signs in and waits until the client shows who is signed in.
    func signIn(_ user: String, password: String = TestDirectory.password) async throws {
        try await submitSignIn(user, password: password)
        try await browser.waitUntil("the client to show \(user) signed in", timeout: .seconds(15)) {
            let shown = try await browser.findAll("#whoami")
            guard let whoami = shown.first else { return false }
            return try await !whoami.text.isEmpty
        }
    }

    /// The text of the sign-in error once there is one.
    func signInError() async throws -> String {
        try await browser.waitFor("a sign-in error", timeout: .seconds(15)) {
            let text = try await browser.find("#sign-in-error").text
            return text.isEmpty ? nil : text
        }
    }

    /// Opens a room by its link in the room list, and waits for its view.
    func openRoom(_ name: String) async throws {
        let link = try await browser.waitFor("a link to \(name) in the room list", timeout: .seconds(15)) {
            for link in try await browser.findAll("nav#room-list a.room-link")
            where try await link.text.trimmingCharacters(in: .whitespacesAndNewlines) == name {
                return link
            }
            return nil
        }
        try await link.click()
        try await waitForRoomView(name)
    }

    /// Opens a room by its URI (the client's own route), and waits for its view.
    func openRoom(uri: String, name: String) async throws {
        try await browser.navigate(to: base + "/#/room/" + Self.encoded(uri))
        try await waitForRoomView(name)
    }

    /// Waits until the room view shows the room named `name`.
    func waitForRoomView(_ name: String) async throws {
        try await browser.waitUntil("the room view of \(name)", timeout: .seconds(15)) {
            try await browser.find("h2#room-name").text.trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
    }

    /// Types a message into the composer and sends it with Enter.
    func post(_ text: String) async throws {
        let box = try await browser.waitForElement("form#composer textarea[name=text]")
        try await box.sendKeys(text + Keys.enter)
    }

    /// The messages the room view shows, in the order shown.
    func messages() async throws -> [ShownMessage] {
        let rows = try await browser.executeScript("""
            return Array.from(document.querySelectorAll('#messages li.message')).map(li => [
              li.dataset.messageId || '', (li.querySelector('.author') || {}).textContent || '',
              (li.querySelector('.body') || {}).textContent || '']);
            """)
        return (rows.array ?? []).compactMap { row in
            guard let cells = row.array, cells.count == 3, let id = cells[0].string.flatMap({ Int64($0) }) else { return nil }
            return ShownMessage(id: id, author: cells[1].string ?? "", body: (cells[2].string ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Waits until the room view shows a message whose body is `body`, and returns the messages shown then.
    @discardableResult
    func waitForMessage(_ body: String, timeout: Duration = .seconds(15)) async throws -> [ShownMessage] {
        try await browser.waitFor("a message \"\(body)\" in the room view", timeout: timeout) {
            let shown = try await messages()
            return shown.contains { $0.body == body } ? shown : nil
        }
    }

    /// Saves a screenshot of what the browser shows as `<suite>/<name>.png` under the test output folder.
    func screenshot(_ name: String) async throws {
        try await browser.saveScreenshot(to: try TestOutput.screenshot(suite: suite, name: name))
    }

    /// Resources the page loaded from anywhere but its own server (none, ever).
    func foreignRequests() async throws -> [String] {
        let names = try await browser.executeScript("return performance.getEntriesByType('resource').map(e => e.name)")
        return (names.array ?? []).compactMap(\.string).filter { !$0.hasPrefix(base + "/") && !$0.hasPrefix("ws://127.0.0.1") }
    }

    /// Errors and Content-Security-Policy violations in the browser's console. Chromium's own line for a WebSocket
    /// the server refused is left out: a page cannot keep the browser from logging it while pchatd is down.
    func consoleProblems() async throws -> [String] {
        try await browser.consoleLog()
            .filter { $0.level == "SEVERE" || $0.message.contains("Content Security Policy") }
            .map(\.message)
            .filter { !($0.contains("WebSocket connection to 'ws://127.0.0.1") && $0.contains("net::ERR_CONNECTION_REFUSED")) }
    }

    /// A room URI as the client's routes carry it.
    static func encoded(_ uri: String) -> String {
        uri.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? uri
    }
}

/// Runs `body`; when it throws, saves a screenshot of each page as `failed-<name>-<n>.png` and records what each
/// browser's console said, so a failure on a machine nobody watches can still be read.
func withFailureReport<Result>(_ name: String, _ pages: [WebClientPage],
                               _ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch {
        for (number, page) in pages.enumerated() {
            try? await page.screenshot("failed-\(name)-\(number + 1)")
            let log = (try? await page.browser.consoleLog()) ?? []
            let url = (try? await page.browser.currentURL) ?? "?"
            Issue.record("browser \(number + 1) at \(url); console:\n\(log.map(\.description).joined(separator: "\n"))")
        }
        throw error
    }
}
