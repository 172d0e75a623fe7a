import CurlHTTP
import Foundation
import Testing

@Suite("CurlHTTPClient requests against a loopback server")
struct ClientRequestTests {
    struct Item: Codable, Equatable {
        var name: String
        var count: Int
        var tags: [String]
    }

    @Test func getJSONAndDecode() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.get(server.baseURL + "/json")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            #expect(try response.decode(Item.self) == Item(name: "curl", count: 3, tags: ["a", "b"]))
            #expect(response.url == server.baseURL + "/json")
        }
    }

    @Test func postJSONIsEchoedWithHeaders() async throws {
        try await withServerAndClient { server, client in
            let item = Item(name: "posted", count: 7, tags: [])
            let response = try await client.post(server.baseURL + "/echo", json: item, headers: ["X-Custom": "abc"])
            #expect(response.status == 200)
            #expect(response.headers["X-Method"] == "POST")
            #expect(response.headers["X-Custom-Echo"] == "abc")
            #expect(response.headers["Content-Type"] == "application/json")
            #expect(try response.decode(Item.self) == item)
        }
    }

    @Test func putAndDelete() async throws {
        try await withServerAndClient { server, client in
            let put = try await client.put(server.baseURL + "/echo", json: ["k": "v"])
            #expect(put.headers["X-Method"] == "PUT")
            #expect(try put.decode([String: String].self) == ["k": "v"])

            let delete = try await client.delete(server.baseURL + "/echo")
            #expect(delete.status == 200)
            #expect(delete.headers["X-Method"] == "DELETE")
            #expect(delete.body.isEmpty)

            let patch = try await client.execute(
                HTTPRequest(method: .patch, url: server.baseURL + "/echo", body: Array("raw".utf8))
            )
            #expect(patch.headers["X-Method"] == "PATCH")
            #expect(patch.text == "raw")
        }
    }

    @Test func customRequestHeaderAndResponseHeaders() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.get(server.baseURL + "/headers", headers: ["X-Custom": "sent-value"])
            #expect(response.headers["x-reply"] == "hello")
            #expect(response.headers["X-Custom-Echo"] == "sent-value")
            #expect(response.headers.values(for: "x-multi") == ["one", "two"])
            #expect(response.text == "ok")
        }
    }

    @Test func redirectChainWithRelativeAndAbsoluteLocations() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.get(server.baseURL + "/redirect/4")
            #expect(response.status == 200)
            #expect(response.text == #"{"done":true}"#)
            #expect(response.url == server.baseURL + "/redirect/0")
            #expect(server.requestCount == 5)
        }
    }

    @Test("POST redirects: 303 becomes GET, 307/308 keep method and body", arguments: [
        (303, "GET", ""), (302, "GET", ""), (307, "POST", "payload"), (308, "POST", "payload"),
    ])
    func postRedirectSemantics(code: Int, method: String, body: String) async throws {
        try await withServerAndClient { server, client in
            let response = try await client.post(
                server.baseURL + "/redirect-post/\(code)",
                body: Array("payload".utf8),
                headers: ["Content-Type": "text/plain"]
            )
            #expect(response.status == 200)
            #expect(response.headers["X-Method"] == method)
            #expect(response.text == body)
        }
    }

    @Test func manyConcurrentRequestsShareOneDriver() async throws {
        try await withServerAndClient { server, client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let response = try await client.get(server.baseURL + "/headers", headers: ["X-Custom": "\(index)"])
                        #expect(response.headers["X-Custom-Echo"] == "\(index)")
                        return response.status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 50)
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(server.requestCount == 50)
        }
    }
}
