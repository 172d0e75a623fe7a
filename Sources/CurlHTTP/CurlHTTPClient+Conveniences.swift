import Foundation

extension CurlHTTPClient {
    /// Sends a GET request.
    public func get(_ url: String, headers: HTTPHeaders = [:], policy: HTTPClientPolicy? = nil) async throws -> HTTPResponse {
        try await execute(HTTPRequest(method: .get, url: url, headers: headers), policy: policy)
    }

    /// Sends a POST request with `json` encoded as the JSON body.
    public func post(
        _ url: String,
        json: some Encodable,
        headers: HTTPHeaders = [:],
        policy: HTTPClientPolicy? = nil
    ) async throws -> HTTPResponse {
        try await execute(HTTPRequest.json(.post, url: url, body: json, headers: headers), policy: policy)
    }

    /// Sends a POST request with a raw body.
    public func post(
        _ url: String,
        body: [UInt8],
        headers: HTTPHeaders = [:],
        policy: HTTPClientPolicy? = nil
    ) async throws -> HTTPResponse {
        try await execute(HTTPRequest(method: .post, url: url, headers: headers, body: body), policy: policy)
    }

    /// Sends a PUT request with `json` encoded as the JSON body.
    public func put(
        _ url: String,
        json: some Encodable,
        headers: HTTPHeaders = [:],
        policy: HTTPClientPolicy? = nil
    ) async throws -> HTTPResponse {
        try await execute(HTTPRequest.json(.put, url: url, body: json, headers: headers), policy: policy)
    }

    /// Sends a DELETE request.
    public func delete(_ url: String, headers: HTTPHeaders = [:], policy: HTTPClientPolicy? = nil) async throws
        -> HTTPResponse
    {
        try await execute(HTTPRequest(method: .delete, url: url, headers: headers), policy: policy)
    }
}
