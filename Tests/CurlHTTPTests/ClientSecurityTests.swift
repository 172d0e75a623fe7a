import CurlHTTP
import Foundation
import HTTPTypes
import Testing

@Suite("CurlHTTPClient address and scheme policy (loopback only)")
struct ClientSecurityTests {
    @Test func defaultPolicyRefusesLoopbackWithoutSending() async throws {
        try await withServerAndClient(policy: HTTPClientPolicy()) { server, client in
            let error = await #expect(throws: CurlHTTPError.self) {
                try await client.get(server.baseURL + "/json")
            }
            #expect(error == .blockedAddress(host: "127.0.0.1", address: "127.0.0.1"))
            #expect(server.requestCount == 0)
        }
    }

    @Test func ipv6LoopbackLiteralIsRefused() async throws {
        try await withServerAndClient(policy: HTTPClientPolicy()) { server, client in
            await #expect(throws: CurlHTTPError.blockedAddress(host: "[::1]", address: "::1")) {
                try await client.get("http://[::1]:\(server.port)/json")
            }
            await #expect(throws: CurlHTTPError.blockedAddress(host: "[::ffff:127.0.0.1]", address: "::ffff:127.0.0.1")) {
                try await client.get("http://[::ffff:127.0.0.1]:\(server.port)/json")
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test func allowedHostRedirectingToLocalhostIsRefused() async throws {
        try await withServerAndClient { server, client in
            let error = await #expect(throws: CurlHTTPError.self) {
                try await client.get(server.baseURL + "/to-localhost")
            }
            guard case .blockedAddress(let host, let address)? = error else {
                Issue.record("expected blockedAddress, got \(String(describing: error))")
                return
            }
            #expect(host == "localhost")
            #expect(address == "127.0.0.1" || address == "::1")
            #expect(server.requestCount == 1)
        }
    }

    @Test func perRequestPolicyDoesNotLeakAllowedConnections() async throws {
        try await withServerAndClient(policy: HTTPClientPolicy()) { server, client in
            let allowed = try await client.get(server.baseURL + "/json", policy: .loopbackAllowed)
            #expect(allowed.status == 200)
            await #expect(throws: CurlHTTPError.blockedAddress(host: "127.0.0.1", address: "127.0.0.1")) {
                try await client.get(server.baseURL + "/json")
            }
            #expect(server.requestCount == 1)
        }
    }

    @Test func nonHTTPSchemesAreRefused() async throws {
        try await withServerAndClient { server, client in
            await #expect(throws: CurlHTTPError.unsupportedScheme("ftp://127.0.0.1/file")) {
                try await client.get("ftp://127.0.0.1/file")
            }
            await #expect(throws: CurlHTTPError.unsupportedScheme("ftp://127.0.0.1/file")) {
                try await client.get(server.baseURL + "/to-ftp")
            }
            await #expect(throws: CurlHTTPError.invalidURL("not a url")) {
                try await client.get("not a url")
            }
            await #expect(throws: CurlHTTPError.invalidHeader(name: "X-Bad")) {
                try await client.get(server.baseURL + "/json", headers: try HTTPFields(validating: ["X-Bad": "a\nb"]))
            }
            #expect(server.requestCount == 1)
        }
    }

    @Test func aHeaderValueCannotInjectALineThroughTheClient() async throws {
        try await withServerAndClient { server, client in
            // HTTPFields itself turns CR, LF and NUL into spaces, so a value that slipped past validation still
            // reaches the server as one header line, never as two.
            var headers = HTTPFields()
            headers[.xCustom] = "a\r\nX-Injected: yes"
            let response = try await client.get(server.baseURL + "/headers", headers: headers)
            #expect(response.headers[.xCustomEcho] == "a  X-Injected: yes")
        }
    }
}
