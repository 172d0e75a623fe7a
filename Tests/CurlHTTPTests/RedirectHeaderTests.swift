import CurlHTTP
import Foundation
import HTTPTypes
import Logging
import Testing

/// A redirect to another origin (scheme, host or port) drops every header field the caller set, not only the
/// credentials, unless the policy forwards headers to that host; tested with two loopback servers on two ports.
@Suite("Header fields across a redirect to another origin (loopback only)")
struct RedirectHeaderTests {
    static var callerFields: HTTPFields {
        var fields = HTTPFields()
        fields[.authorization] = "Bearer secret-token"
        fields[.cookie] = "session=1"
        fields[.testName("X-Api-Key")] = "key-123"
        fields[.xCustom] = "custom"
        return fields
    }

    /// Names (lowercased) of the fields a server's `/all-headers` reported.
    static func names(in response: CurlHTTPResponse) -> Set<String> {
        Set((response.text ?? "").split(separator: "\n").compactMap { $0.split(separator: ":").first.map { $0.lowercased() } })
    }

    static func redirect(from first: TestServer, to second: TestServer) -> String {
        let target = "\(second.baseURL)/all-headers".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "\(first.baseURL)/redirect-to?to=\(target)"
    }

    @Test func everyFieldTheCallerSetIsDroppedOnTheWayToAnotherPort() async throws {
        try await withServerAndClient { first, client in
            let second = try await TestServer.start()
            do {
                let response = try await client.get(Self.redirect(from: first, to: second), headers: Self.callerFields)
                #expect(response.status == 200)
                #expect(response.url.hasPrefix(second.baseURL))
                let names = Self.names(in: response)
                for dropped in ["authorization", "cookie", "x-api-key", "x-custom"] {
                    #expect(!names.contains(dropped), "\(dropped) reached the other origin")
                }
                #expect(names.contains("user-agent"))
                #expect(second.requestCount == 1)

                // A POST redirected with 307 would send its body there as it is: refused, the other origin never
                // called.
                var fields = Self.callerFields
                fields[.contentType] = "application/json"
                await #expect(throws: CurlHTTPError.bodyRedirectRefused(host: "127.0.0.1")) {
                    try await client.post(Self.redirect(from: first, to: second), body: Array("{\"a\":1}".utf8), headers: fields)
                }
                #expect(second.requestCount == 1)
            } catch {
                await second.stop()
                throw error
            }
            await second.stop()
        }
    }

    @Test func aHostThePolicyForwardsHeadersToGetsThemAndTheSameOriginAlways() async throws {
        var policy = HTTPClientPolicy.loopbackAllowed
        policy.headerForwardingHosts = ["127.0.0.1"]
        try await withServerAndClient(policy: policy) { first, client in
            let second = try await TestServer.start()
            do {
                let forwarded = Self.names(in: try await client.get(Self.redirect(from: first, to: second), headers: Self.callerFields))
                #expect(forwarded.isSuperset(of: ["authorization", "cookie", "x-api-key", "x-custom"]))
                // A body too: a 307 keeps it, and the field that says what it is.
                var fields = Self.callerFields
                fields[.contentType] = "application/json"
                let posted = try await client.post(Self.redirect(from: first, to: second), body: Array("{\"a\":1}".utf8), headers: fields)
                #expect(Self.names(in: posted).contains("content-type"))
                #expect(posted.text?.contains("body-length: 7") == true)

                // Without the forwarding host, a redirect within one origin still keeps everything.
                let sameOrigin = Self.names(in: try await client.get(Self.redirect(from: first, to: first), headers: Self.callerFields,
                                                                     policy: .loopbackAllowed))
                #expect(sameOrigin.isSuperset(of: ["authorization", "cookie", "x-api-key", "x-custom"]))
            } catch {
                await second.stop()
                throw error
            }
            await second.stop()
        }
    }
}
