import CurlHTTP
import Foundation
import HTTPTypes
import Logging

/// The HTTP side of W3C WebDriver: JSON commands to a chromedriver on 127.0.0.1, through the project's libcurl client.
///
/// Only `http://127.0.0.1:<port>` is ever asked (the URL is built here, redirects are not followed), so nothing a
/// test does with a browser leaves the machine through this client.
struct WebDriverWire: Sendable {
    let port: Int
    private let client: CurlHTTPClient

    /// Loopback only, no redirects, room for a full-page screenshot, and time for a page load on a loaded machine.
    static let policy = HTTPClientPolicy(connectTimeout: .seconds(5), totalTimeout: .seconds(90), maxRedirects: 0,
                                         maxResponseBytes: 64 << 20, allowedHosts: ["127.0.0.1"])

    init(port: Int) {
        self.port = port
        client = CurlHTTPClient(policy: Self.policy, logger: Logger(label: "webdriver-test"))
    }

    /// Stops the client's driver thread.
    func shutdown() async { await client.shutdown() }

    /// Sends `method path` with `body` (POST always has one: `{}` when nil) and returns the answer's `value`.
    ///
    /// - Parameters:
    ///   - command: What is asked, in words, for the error (e.g. `find element "#send"`).
    ///   - timeout: The most the call may take, when not the policy's.
    /// - Throws: ``WebDriverError`` for a WebDriver error answer, `CurlHTTPError` when chromedriver does not answer.
    func send(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, command: String,
              timeout: Duration? = nil) async throws -> JSONValue {
        let url = "http://127.0.0.1:\(port)\(path)"
        var headers: HTTPFields = [:]
        var bytes: [UInt8]?
        if method == .post || body != nil {
            headers[.contentType] = "application/json; charset=utf-8"
            bytes = Array(try JSONEncoder().encode(body ?? [:]))
        }
        var policy = Self.policy
        if let timeout { policy.totalTimeout = timeout }
        let response = try await client.execute(CurlHTTPRequest(method: method, url: url, headers: headers, body: bytes),
                                                policy: policy)
        let value = (try? response.decode(Answer.self))?.value
        guard response.isSuccess, let value else {
            throw WebDriverError(command: command, status: response.status.code, value: value)
        }
        return value
    }

    /// Every WebDriver answer is `{"value": …}`.
    private struct Answer: Decodable {
        let value: JSONValue
    }
}
