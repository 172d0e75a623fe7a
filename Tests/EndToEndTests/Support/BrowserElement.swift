import Foundation
import HTTPTypes

/// An element of the page a ``Browser`` shows, found by a CSS selector. It goes stale when the page replaces it: its
/// commands then fail with ``WebDriverError`` `stale element reference`, and the test finds it again.
struct BrowserElement: Sendable {
    /// The key of a W3C element reference object.
    static let referenceKey = "element-6066-11e4-a52e-4f735466cecf"

    /// WebDriver's id of the element.
    let id: String
    /// The selector it was found by, to name it in errors.
    let selector: String
    let browser: Browser

    /// The element from a reference object (`{"element-6066-…": id}`), as find commands and scripts answer.
    init(reference: JSONValue, selector: String, browser: Browser) throws {
        guard let id = reference[Self.referenceKey]?.string else {
            throw BrowserSetupError(message: "not an element reference for \"\(selector)\": \(reference.jsonText)")
        }
        self.id = id
        self.selector = selector
        self.browser = browser
    }

    /// The body of a find command for a CSS selector.
    static func locator(_ selector: String) -> JSONValue {
        ["using": "css selector", "value": .string(selector)]
    }

    /// The element as a script argument (`arguments[i]` in ``Browser/executeScript(_:_:)`` is the DOM element).
    var reference: JSONValue { [Self.referenceKey: .string(id)] }

    /// Sends a command about this element (`path` after `/element/<id>`), naming it in an error by its selector.
    @discardableResult
    private func send(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, command: String) async throws -> JSONValue {
        try await browser.send(method, "/element/\(id)\(path)", body, command: "\(command) on \"\(selector)\"")
    }

    /// The first element inside this one that matches the CSS selector.
    func find(_ selector: String) async throws -> BrowserElement {
        let value = try await send(.post, "/element", Self.locator(selector), command: "find element \"\(selector)\"")
        return try BrowserElement(reference: value, selector: "\(self.selector) \(selector)", browser: browser)
    }

    /// Every element inside this one that matches the CSS selector.
    func findAll(_ selector: String) async throws -> [BrowserElement] {
        let value = try await send(.post, "/elements", Self.locator(selector), command: "find elements \"\(selector)\"")
        return try (value.array ?? []).map { try BrowserElement(reference: $0, selector: "\(self.selector) \(selector)", browser: browser) }
    }

    /// Scrolls the element into view and clicks its centre; fails with `element not interactable` or
    /// `element click intercepted` when it cannot be clicked (hidden, covered).
    func click() async throws {
        try await send(.post, "/click", command: "click")
    }

    /// Types `text` into the element as key presses; ``Keys`` has Enter, Tab and the other special keys
    /// (`"hello" + Keys.enter`).
    func sendKeys(_ text: String) async throws {
        try await send(.post, "/value", ["text": .string(text)], command: "send keys")
    }

    /// Empties an editable element (a text field, a text area).
    func clear() async throws {
        try await send(.post, "/clear", command: "clear")
    }

    /// Chooses the file at `file` in an `<input type=file>` (as if the user picked it); the file must exist.
    func setFile(_ file: URL) async throws {
        let path = file.standardizedFileURL.path
        guard path.hasPrefix("/"), FileManager.default.fileExists(atPath: path) else {
            throw BrowserSetupError(message: "no file at \(path) to choose in \"\(selector)\"")
        }
        try await sendKeys(path)
    }

    /// The element's rendered text (as a user sees it: none for a hidden element).
    var text: String {
        get async throws { try await send(.get, "/text", command: "get text").string ?? "" }
    }

    /// The element's tag name, e.g. `input`.
    var tagName: String {
        get async throws { try await send(.get, "/name", command: "get tag name").string ?? "" }
    }

    /// The HTML attribute `name` as the markup has it (nil when absent).
    func attribute(_ name: String) async throws -> String? {
        try await send(.get, "/attribute/\(Self.escaped(name))", command: "get attribute \(name)").string
    }

    /// The DOM property `name` (e.g. `value`, `checked`, `textContent`) as JSON.
    func property(_ name: String) async throws -> JSONValue {
        try await send(.get, "/property/\(Self.escaped(name))", command: "get property \(name)")
    }

    /// Whether the element is shown (not `display: none`, not hidden, has a size).
    var isDisplayed: Bool {
        get async throws { try await send(.get, "/displayed", command: "is displayed").bool ?? false }
    }

    /// Whether the element is enabled (not `disabled`).
    var isEnabled: Bool {
        get async throws { try await send(.get, "/enabled", command: "is enabled").bool ?? false }
    }

    private static func escaped(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
    }
}
