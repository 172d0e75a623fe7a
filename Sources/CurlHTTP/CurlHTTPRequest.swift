import Foundation
import HTTPTypes

/// An HTTP request to send with ``CurlHTTPClient``: a method and header fields from HTTPTypes, an absolute URL and a
/// body.
public struct CurlHTTPRequest: Sendable, Hashable {
    /// The request method.
    public var method: HTTPRequest.Method
    /// The absolute `http` or `https` URL.
    public var url: String
    /// Header fields, sent in order.
    public var headers: HTTPFields
    /// The request body, or `nil` for none.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: HTTPRequest.Method = .get, url: String, headers: HTTPFields = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Creates a request whose body is `body` encoded as JSON, with `Content-Type: application/json`.
    public static func json(
        _ method: HTTPRequest.Method,
        url: String,
        body: some Encodable,
        headers: HTTPFields = [:],
        encoder: JSONEncoder = JSONEncoder()
    ) throws -> CurlHTTPRequest {
        var request = CurlHTTPRequest(method: method, url: url, headers: headers, body: Array(try encoder.encode(body)))
        request.headers[.contentType] = "application/json"
        if !request.headers.contains(.accept) {
            request.headers.append(HTTPField(name: .accept, value: "application/json"))
        }
        return request
    }
}
