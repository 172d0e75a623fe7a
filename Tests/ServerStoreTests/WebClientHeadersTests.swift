@testable import PersistentChatServer
import Testing

/// The web client's policy frames exactly the registered add-ins' origins, and a download never renders.
struct WebClientHeadersTests {
    @Test(arguments: [
        ("https://runbook.contoso.com/pane?room=1", "https://runbook.contoso.com"),
        ("https://Runbook.Contoso.com:443/", "https://runbook.contoso.com"),
        ("http://127.0.0.1:8080/pane", "http://127.0.0.1:8080"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
        ("https://xn--bcher-kva.example/", "https://xn--bcher-kva.example"),
        ("https://bücher.example/", "https://xn--bcher-kva.example"),
    ])
    func anAddInsOriginIsItsSchemeHostAndPort(url: String, origin: String) {
        #expect(WebClientHeaders.origin(of: url) == origin)
    }

    @Test(arguments: ["ftp://a.contoso.com/", "https://*.contoso.com/", "http://a%09*/", "http://*/", "javascript:alert(1)",
                      "https:///pane", "http://a b/"])
    func aURLThatIsNotOneExactOriginHasNone(url: String) {
        #expect(WebClientHeaders.origin(of: url) == nil)
    }

    @Test func framesAreAllowedFromTheOriginsGivenOrNone() {
        #expect(WebClientHeaders.contentSecurityPolicy(frameOrigins: []).contains("; frame-src 'none';"))
        #expect(WebClientHeaders.contentSecurityPolicy(frameOrigins: ["https://a.contoso.com", "http://127.0.0.1:8080"])
            .contains("; frame-src https://a.contoso.com http://127.0.0.1:8080;"))
    }

    @Test func aDownloadIsAnAttachmentUnderItsNameThatNeverRenders() {
        let headers = FileRoutes.downloadHeaders(fileName: "rapport \"final\" é.html")
        #expect(headers[.contentType] == "application/octet-stream")
        #expect(headers[.contentDisposition] == "attachment; filename=\"rapport _final_ _.html\"; filename*=UTF-8''rapport%20%22final%22%20%C3%A9.html")
        #expect(headers[.xContentTypeOptions] == "nosniff")
        #expect(headers[.contentSecurityPolicy] == "default-src 'none'; sandbox")
    }
}
