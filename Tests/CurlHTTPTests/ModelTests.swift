import Foundation
import HTTPTypes
import Testing

@testable import CurlHTTP

@Suite("Headers, requests, responses and policy (pure)")
struct ModelTests {
    @Test func headersAreOrderedAndCaseInsensitive() throws {
        var headers = try HTTPFields(validating: ["Accept": "a", "X-Multi": "1"])
        headers.append(HTTPField(name: .testName("x-multi"), value: "2"))
        #expect(headers[.testName("ACCEPT")] == "a")
        #expect(headers[values: .testName("X-MULTI")] == ["1", "2"])
        #expect(headers.map(\.name.rawName) == ["Accept", "X-Multi", "x-multi"])
        headers[.xMulti] = "3"
        #expect(headers[values: .testName("x-multi")] == ["3"])
        #expect(headers.map(\.name.rawName) == ["Accept", "X-Multi"])
        headers[.testName("accept")] = nil
        #expect(!headers.contains(.accept))
        #expect(headers.count == 1)
    }

    @Test func headerValidationRejectsInjection() throws {
        _ = try HTTPFields(validating: ["X-Fine": "value with spaces", "Empty": ""])
        #expect(throws: CurlHTTPError.invalidHeader(name: "X-Bad")) {
            try HTTPFields(validating: ["X-Bad": "a\r\nInjected: yes"])
        }
        #expect(throws: CurlHTTPError.invalidHeader(name: "Bad Name")) {
            try HTTPFields(validating: ["Bad Name": "v"])
        }
    }

    @Test func jsonRequestAndDecode() throws {
        struct Payload: Codable, Equatable { var name: String }
        let request = try CurlHTTPRequest.json(.post, url: "https://api.example/x", body: Payload(name: "n"))
        #expect(request.headers[.testName("content-type")] == "application/json")
        #expect(request.method == .post)
        let response = CurlHTTPResponse(status: 200, body: request.body ?? [], url: request.url)
        #expect(try response.decode(Payload.self) == Payload(name: "n"))
        #expect(response.text == #"{"name":"n"}"#)
        #expect(CurlHTTPResponse(status: 200, body: [0xFF, 0xFE], url: "").text == nil)
    }

    @Test func policyDefaultsAndCoding() throws {
        let defaults = HTTPClientPolicy()
        #expect(defaults.connectTimeout == .seconds(5))
        #expect(defaults.totalTimeout == .seconds(30))
        #expect(defaults.maxRedirects == 5)
        #expect(defaults.maxResponseBytes == 1 << 20)
        #expect(defaults.allowedHosts.isEmpty)

        let partial = Data(#"{"totalTimeout": 2.5, "allowedHosts": ["Internal.Example", "::1"]}"#.utf8)
        let decoded = try JSONDecoder().decode(HTTPClientPolicy.self, from: partial)
        #expect(decoded.totalTimeout == .milliseconds(2500))
        #expect(decoded.connectTimeout == .seconds(5))
        #expect(decoded.allows(host: "internal.example"))
        #expect(decoded.allows(host: "[::1]"))
        #expect(!decoded.allows(host: "other.example"))

        let roundTrip = try JSONDecoder().decode(HTTPClientPolicy.self, from: JSONEncoder().encode(decoded))
        #expect(roundTrip == decoded)
    }

    @Test func errorDescriptionsNameTheTarget() {
        #expect(CurlHTTPError.blockedAddress(host: "evil.example", address: "10.0.0.1").description.contains("evil.example"))
        #expect(CurlHTTPError.unsupportedScheme("ftp://x/").description.contains("ftp://x/"))
        #expect(CurlHTTPError.tooManyRedirects(limit: 5).description.contains("5"))
    }
}
