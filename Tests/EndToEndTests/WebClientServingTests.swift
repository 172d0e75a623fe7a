import CurlHTTP
import Foundation
import HTTPTypes
import Logging
import Testing

/// pchatd serves the web client at `/` on its chat port: every file of the package's WebClient folder, byte for byte,
/// with its media type, a strict Content-Security-Policy and the other security headers, and revalidation by ETag.
@Suite(.serialized) struct WebClientServingTests {
    /// The package's WebClient folder, which the build embeds into pchatd.
    static let folder = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "WebClient")

    /// Every file of the folder, by path inside it.
    static func folderFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = folder.standardizedFileURL.path(percentEncoded: false)
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        while let file = walker?.nextObject() as? URL {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let path = String(file.standardizedFileURL.path(percentEncoded: false).dropFirst(root.count))
                .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            files[path] = try Data(contentsOf: file)
        }
        return files
    }

    /// A request to the test server on loopback.
    static func request(_ url: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) async throws -> CurlHTTPResponse {
        let client = CurlHTTPClient(logger: Logger(label: "web-client-test"))
        defer { Task { await client.shutdown() } }
        var policy = HTTPClientPolicy()
        policy.allowedHosts = ["127.0.0.1"]
        return try await client.execute(CurlHTTPRequest(method: method, url: url, headers: headers), policy: policy)
    }

    static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        + "connect-src 'self'; font-src 'self'; manifest-src 'self'; frame-src 'none'; base-uri 'none'; "
        + "form-action 'none'; frame-ancestors 'none'"

    @Test func everyFileOfTheFolderIsServedAsItIsWithItsTypeAndPolicy() async throws {
        let files = try Self.folderFiles()
        #expect(files["index.html"] != nil)
        try await withTestServer { server in
            let base = "http://127.0.0.1:\(server.port)"
            for (path, bytes) in files {
                let response = try await Self.request("\(base)/\(path)")
                #expect(response.status == .ok, "\(path)")
                let same = Data(response.body) == bytes
                #expect(same, "\(path) is not the folder's copy: rebuild to embed it again")
                #expect(response.headers[.contentType] == Self.expectedType(path), "\(path)")
                #expect(response.headers[.contentSecurityPolicy] == Self.policy, "\(path)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            let root = try await Self.request(base + "/")
            #expect(root.status == .ok)
            #expect(Data(root.body) == files["index.html"])
            #expect(root.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    @Test func aCachedCopyIsRevalidatedByItsETag() async throws {
        try await withTestServer { server in
            let url = "http://127.0.0.1:\(server.port)/index.html"
            let first = try await Self.request(url)
            let tag = try #require(first.headers[.eTag])
            let again = try await Self.request(url, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.isEmpty)
            #expect(again.headers[.contentSecurityPolicy] == Self.policy)
            let other = try await Self.request(url, headers: [.ifNoneMatch: "\"not-it\""])
            #expect(other.status == .ok)
            #expect(other.body == first.body)
            let head = try await Self.request(url, method: .head)
            #expect(head.status == .ok)
            #expect(head.body.isEmpty)
            #expect(head.headers[.contentLength] == String(first.body.count))
        }
    }

    @Test func pathsThatAreNotFilesOfTheClientAreNotFound() async throws {
        try await withTestServer { server in
            let base = "http://127.0.0.1:\(server.port)"
            // (curl would collapse a literal "/../"; the escaped form reaches the server as sent.)
            for path in ["/nope.js", "/views", "/index.htm", "/%2e%2e/Package.swift", "/views/%2e%2e/index.html"] {
                let status = try await Self.request(base + path).status
                #expect(status == .notFound, "\(path)")
            }
            // The routes beside the client still answer.
            let health = try await Self.request(base + "/health").status
            #expect(health == .ok)
        }
    }

    static func expectedType(_ path: String) -> String {
        switch (path as NSString).pathExtension {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}
