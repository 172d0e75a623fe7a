import Foundation
import HTTPTypes

extension CurlHTTPClient {
    /// Sends a GET request.
    public func get(_ url: String, headers: HTTPFields = [:], policy: HTTPClientPolicy? = nil) async throws -> CurlHTTPResponse {
        try await execute(CurlHTTPRequest(method: .get, url: url, headers: headers), policy: policy)
    }

    /// Sends a POST request with `json` encoded as the JSON body.
    public func post(
        _ url: String,
        json: some Encodable,
        headers: HTTPFields = [:],
        policy: HTTPClientPolicy? = nil
    ) async throws -> CurlHTTPResponse {
        try await execute(CurlHTTPRequest.json(.post, url: url, body: json, headers: headers), policy: policy)
    }

    /// Sends a POST request with a raw body.
    public func post(
        _ url: String,
        body: [UInt8],
        headers: HTTPFields = [:],
        policy: HTTPClientPolicy? = nil
    ) async throws -> CurlHTTPResponse {
        try await execute(CurlHTTPRequest(method: .post, url: url, headers: headers, body: body), policy: policy)
    }

    /// Sends a PUT request with `json` encoded as the JSON body.
    public func put(
        _ url: String,
        json: some Encodable,
        headers: HTTPFields = [:],
        policy: HTTPClientPolicy? = nil
    ) async throws -> CurlHTTPResponse {
        try await execute(CurlHTTPRequest.json(.put, url: url, body: json, headers: headers), policy: policy)
    }

    /// Sends a DELETE request.
    public func delete(_ url: String, headers: HTTPFields = [:], policy: HTTPClientPolicy? = nil) async throws
        -> CurlHTTPResponse
    {
        try await execute(CurlHTTPRequest(method: .delete, url: url, headers: headers), policy: policy)
    }
}
