import HTTPTypes
import Testing

@testable import CurlHTTP

@Suite("URL validation and redirect rules (pure)")
struct URLAndRedirectTests {
    @Test func parsesAndNormalizes() throws {
        let target = try RequestTarget.parse("HTTP://Example.COM:8080/a/b?c=d")
        #expect(target.scheme == "http")
        #expect(target.host == "example.com")
        #expect(target.port == 8080)
        #expect(target.url.hasPrefix("http://example.com:8080/a/b?c=d") || target.url.hasPrefix("http://Example.COM:8080/a/b?c=d"))
        let v6 = try RequestTarget.parse("https://[::1]/x")
        #expect(v6.host == "[::1]")
    }

    @Test("rejects other schemes", arguments: ["ftp://example.com/file", "file:///etc/passwd", "gopher://example.com/", "dict://example.com/"])
    func rejectsScheme(url: String) {
        #expect(throws: CurlHTTPError.unsupportedScheme(url)) { try RequestTarget.parse(url) }
    }

    @Test("rejects malformed URLs", arguments: ["", "not a url", "/relative/path", "http://", "http://exa mple.com/", "http://example.com/\r\nX: y"])
    func rejectsMalformed(url: String) {
        #expect(throws: CurlHTTPError.invalidURL(url)) { try RequestTarget.parse(url) }
    }

    @Test("resolves Location values", arguments: [
        ("../c", "http://h.example/a/c"),
        ("d", "http://h.example/a/b/d"),
        ("/root", "http://h.example/root"),
        ("?q=1", "http://h.example/a/b/x?q=1"),
        ("//other.example/p", "http://other.example/p"),
        ("https://secure.example/s", "https://secure.example/s"),
    ])
    func resolves(location: String, expected: String) throws {
        let base = try RequestTarget.parse("http://h.example/a/b/x")
        #expect(try base.resolving(location).url == expected)
    }

    @Test func redirectToOtherSchemeIsRefused() throws {
        let base = try RequestTarget.parse("http://h.example/")
        #expect(throws: CurlHTTPError.unsupportedScheme("ftp://h.example/f")) { try base.resolving("ftp://h.example/f") }
    }

    @Test("rewrites methods", arguments: [
        (301, HTTPRequest.Method.post, HTTPRequest.Method.get, false),
        (302, .post, .get, false),
        (303, .post, .get, false),
        (303, .put, .get, false),
        (303, .head, .head, false),
        (307, .post, .post, true),
        (308, .post, .post, true),
        (301, .put, .put, true),
        (302, .get, .get, false),
    ])
    func methodRewrite(status: Int, method: HTTPRequest.Method, expected: HTTPRequest.Method, keepsBody: Bool) throws {
        let body: [UInt8]? = method == .get || method == .head ? nil : [1, 2, 3]
        let request = CurlHTTPRequest(method: method, url: "http://h.example/a", headers: [.contentType: "application/json"], body: body)
        let source = try RequestTarget.parse(request.url)
        let target = try source.resolving("/b")
        let next = RedirectRules.nextRequest(after: request, status: status, from: source, to: target)
        #expect(next.method == expected)
        #expect(next.url == "http://h.example/b")
        #expect((next.body != nil) == keepsBody)
        #expect(next.headers.contains(.contentType) == (keepsBody || method == .get || method == .head))
    }

    @Test func crossOriginDropsEveryFieldTheCallerSet() throws {
        let request = CurlHTTPRequest(url: "https://a.example/", headers: [.authorization: "Bearer x", .cookie: "c=1", .xKeep: "1"])
        let source = try RequestTarget.parse(request.url)
        let sameOrigin = RedirectRules.nextRequest(after: request, status: 302, from: source, to: try source.resolving("/next"))
        #expect(sameOrigin.headers[.testName("authorization")] == "Bearer x")
        #expect(sameOrigin.headers[.xKeep] == "1")
        // Issue 17: not only the credentials; any field may carry a secret (an API key).
        for target in ["https://b.example/", "http://a.example/", "https://a.example:8443/"] {
            let crossOrigin = RedirectRules.nextRequest(after: request, status: 302, from: source, to: try source.resolving(target))
            #expect(crossOrigin.headers.isEmpty, "to \(target)")
        }
        let forwarded = RedirectRules.nextRequest(after: request, status: 302, from: source, to: try source.resolving("https://b.example/"),
                                                  forwardingHeaders: true)
        #expect(forwarded.headers[.authorization] == "Bearer x")
        #expect(forwarded.headers[.xKeep] == "1")
    }
}
