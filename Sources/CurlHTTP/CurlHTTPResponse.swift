import Foundation
import HTTPTypes

/// A complete HTTP response received by ``CurlHTTPClient``.
public struct CurlHTTPResponse: Sendable, Hashable {
    /// The status, e.g. 200.
    public var status: HTTPResponse.Status
    /// Response header fields in received order.
    public var headers: HTTPFields
    /// The response body (after content decoding).
    public var body: [UInt8]
    /// The final URL, after any redirects.
    public var url: String

    /// Creates a response.
    public init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: [UInt8] = [], url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// Whether the status is in the 2xx range.
    public var isSuccess: Bool { status.kind == .successful }

    /// The body as UTF-8 text, or `nil` when it is not valid UTF-8.
    public var text: String? {
        String(bytes: body, encoding: .utf8)
    }

    /// Decodes the body as JSON.
    public func decode<T: Decodable>(_ type: T.Type = T.self, using decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: Data(body))
    }
}
