import CurlHTTP
import Foundation
import HTTPTypes
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
            #expect(response.headers[.testName("content-type")] == "application/json")
            #expect(try response.decode(Item.self) == Item(name: "curl", count: 3, tags: ["a", "b"]))
            #expect(response.url == server.baseURL + "/json")
        }
    }

    @Test func postJSONIsEchoedWithHeaders() async throws {
        try await withServerAndClient { server, client in
            let item = Item(name: "posted", count: 7, tags: [])
            let response = try await client.post(server.baseURL + "/echo", json: item, headers: [.xCustom: "abc"])
            #expect(response.status == 200)
            #expect(response.headers[.xMethod] == "POST")
            #expect(response.headers[.xCustomEcho] == "abc")
            #expect(response.headers[.contentType] == "application/json")
            #expect(try response.decode(Item.self) == item)
        }
    }

    @Test func putAndDelete() async throws {
        try await withServerAndClient { server, client in
            let put = try await client.put(server.baseURL + "/echo", json: ["k": "v"])
            #expect(put.headers[.xMethod] == "PUT")
            #expect(try put.decode([String: String].self) == ["k": "v"])

            let delete = try await client.delete(server.baseURL + "/echo")
            #expect(delete.status == 200)
            #expect(delete.headers[.xMethod] == "DELETE")
            #expect(delete.body.isEmpty)

            let patch = try await client.execute(
                CurlHTTPRequest(method: .patch, url: server.baseURL + "/echo", body: Array("raw".utf8))
            )
            #expect(patch.headers[.xMethod] == "PATCH")
            #expect(patch.text == "raw")
        }
    }

    @Test func customRequestHeaderAndResponseHeaders() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.get(server.baseURL + "/headers", headers: [.xCustom: "sent-value"])
            #expect(response.headers[.testName("x-reply")] == "hello")
            #expect(response.headers[.xCustomEcho] == "sent-value")
            #expect(response.headers[values: .testName("x-multi")] == ["one", "two"])
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
                headers: [.contentType: "text/plain"]
            )
            #expect(response.status == 200)
            #expect(response.headers[.xMethod] == method)
            #expect(response.text == body)
        }
    }

    @Test func manyConcurrentRequestsShareOneDriver() async throws {
        try await withServerAndClient { server, client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let response = try await client.get(server.baseURL + "/headers", headers: [.xCustom: "\(index)"])
                        #expect(response.headers[.xCustomEcho] == "\(index)")
                        return response.status.code
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
