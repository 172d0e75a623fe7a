/// A WebDriver command that chromedriver answered with an error: which command, the W3C error code (`no such element`,
/// `javascript error`, `stale element reference`, …) and chromedriver's message (its stack trace left out).
struct WebDriverError: Error, CustomStringConvertible, Equatable {
    /// What was asked, e.g. `find element "#send"`.
    let command: String
    /// The W3C error code, e.g. `no such element`.
    let code: String
    let message: String
    /// The HTTP status of the answer.
    let status: Int

    var description: String { "WebDriver command \(command) failed (\(status) \(code)): \(message)" }

    /// The error in an answer's `value` (`{"error", "message", "stacktrace"}`), or a generic one for an answer that
    /// is no WebDriver error at all.
    init(command: String, status: Int, value: JSONValue?) {
        self.command = command
        self.status = status
        code = value?["error"]?.string ?? "unknown error"
        // Chromedriver appends "  (Session info: chrome=…)" on a line of its own.
        let text = value?["message"]?.string ?? "HTTP status \(status) with \(value?.jsonText ?? "no JSON body")"
        message = text.split(separator: "\n").filter { !$0.contains("(Session info:") }.joined(separator: " ")
    }

    /// Whether this is the W3C error `code`.
    func `is`(_ code: WebDriverErrorCode) -> Bool { self.code == code.rawValue }
}

/// The W3C WebDriver error codes tests look for.
enum WebDriverErrorCode: String, Sendable {
    case noSuchElement = "no such element"
    case staleElementReference = "stale element reference"
    case javascriptError = "javascript error"
    case invalidArgument = "invalid argument"
    case elementNotInteractable = "element not interactable"
    case scriptTimeout = "script timeout"
    case unknownError = "unknown error"
}

/// A ``Browser/waitUntil(_:timeout:_:)`` whose condition did not hold in time.
struct BrowserWaitTimeout: Error, CustomStringConvertible {
    /// What was awaited, in the test's words.
    let awaited: String
    let timeout: Duration
    /// The error the condition threw at its last try, if it threw.
    let lastError: (any Error)?

    var description: String {
        "timed out after \(timeout) waiting for \(awaited)" + (lastError.map { "; last error: \($0)" } ?? "")
    }
}

/// Chromedriver or Chromium could not be started, or a browser answer made no sense.
struct BrowserSetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
