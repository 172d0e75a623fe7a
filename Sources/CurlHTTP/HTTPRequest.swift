import Foundation

/// An HTTP request to send with ``CurlHTTPClient``.
public struct HTTPRequest: Sendable, Hashable {
    /// The request method.
    public var method: HTTPMethod
    /// The absolute `http` or `https` URL.
    public var url: String
    /// Header fields, sent in order.
    public var headers: HTTPHeaders
    /// The request body, or `nil` for none.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: HTTPMethod = .get, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Creates a request whose body is `body` encoded as JSON, with `Content-Type: application/json`.
    public static func json(
        _ method: HTTPMethod,
        url: String,
        body: some Encodable,
        headers: HTTPHeaders = [:],
        encoder: JSONEncoder = JSONEncoder()
    ) throws -> HTTPRequest {
        var request = HTTPRequest(method: method, url: url, headers: headers, body: Array(try encoder.encode(body)))
        request.headers.replace("Content-Type", with: "application/json")
        if !request.headers.contains("Accept") {
            request.headers.add("Accept", "application/json")
        }
        return request
    }
}
