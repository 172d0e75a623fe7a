import Foundation
import Hummingbird

/// Routes of the test server.
enum TestRoutes {
    static let largeBodySize = 64 * 1024
    static let slowDelay = Duration.seconds(2)
    /// The answer of `/slower`: long enough that a timeout well under it is told apart however busy the machine.
    static let slowerDelay = Duration.seconds(15)

    static func register(on router: Router<BasicRequestContext>) {
        router.get("json") { _, _ in
            json(#"{"name":"curl","count":3,"tags":["a","b"]}"#)
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on("echo", method: method) { request, _ in
                try await echo(request)
            }
        }
        router.get("headers") { request, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain"
            headers[name("X-Reply")] = "hello"
            headers.append(HTTPFields.Element(name: name("X-Multi"), value: "one"))
            headers.append(HTTPFields.Element(name: name("X-Multi"), value: "two"))
            headers[name("X-Custom-Echo")] = request.headers[name("X-Custom")] ?? ""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        router.get("redirect/{count}") { request, context in
            let count = Int(context.parameters.get("count") ?? "") ?? 0
            guard count > 0 else { return json(#"{"done":true}"#) }
            // Alternate relative and absolute Location values.
            let authority = request.head.authority ?? ""
            let location = count.isMultiple(of: 2) ? "http://\(authority)/redirect/\(count - 1)" : "\(count - 1)"
            return redirect(.found, to: location)
        }
        router.get("loop") { _, _ in redirect(.found, to: "/loop") }
        // Redirects to the URL in the query (`?to=URL`), with a 307 for a POST.
        for method in [HTTPRequest.Method.get, .post] {
            router.on("redirect-to", method: method) { request, _ in
                let target = request.uri.queryParameters["to"].flatMap { String($0).removingPercentEncoding } ?? "/json"
                return redirect(method == .post ? .temporaryRedirect : .found, to: target)
            }
            // Answers with the request's header fields, one `name: value` a line, and the body's length.
            router.on("all-headers", method: method) { request, _ in
                var request = request
                let body = try await request.collectBody(upTo: 1 << 20)
                let lines = request.headers.map { "\($0.name.canonicalName): \($0.value)" } + ["body-length: \(body.readableBytes)"]
                return Response(status: .ok, headers: [.contentType: "text/plain"],
                                body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n"))))
            }
        }
        router.post("redirect-post/{code}") { _, context in
            let code = Int(context.parameters.get("code") ?? "") ?? 302
            return redirect(HTTPResponse.Status(code: code), to: "/echo")
        }
        router.get("to-localhost") { request, _ in
            let port = request.head.authority?.split(separator: ":").last.map(String.init) ?? ""
            return redirect(.found, to: "http://localhost:\(port)/json")
        }
        router.get("to-ftp") { _, _ in redirect(.found, to: "ftp://127.0.0.1/file") }
        router.get("large") { _, _ in
            Response(
                status: .ok,
                body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: largeBodySize))
            )
        }
        router.get("large-stream") { _, _ in
            Response(
                status: .ok,
                body: ResponseBody { writer in
                    for _ in 0..<16 {
                        try await writer.write(ByteBuffer(repeating: UInt8(ascii: "y"), count: largeBodySize / 16))
                    }
                    try await writer.finish(nil)
                }
            )
        }
        router.get("slow") { _, _ in
            try? await Task.sleep(for: slowDelay)
            return json(#"{"slow":true}"#)
        }
        router.get("slower") { _, _ in
            try? await Task.sleep(for: slowerDelay)
            return json(#"{"slower":true}"#)
        }
    }

    private static func echo(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        var headers = HTTPFields()
        headers[.contentType] = request.headers[.contentType] ?? "application/octet-stream"
        headers[name("X-Method")] = request.method.rawValue
        headers[name("X-Custom-Echo")] = request.headers[name("X-Custom")] ?? ""
        headers[name("X-Body-Length")] = "\(body.readableBytes)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    private static func json(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    private static func redirect(_ status: HTTPResponse.Status, to location: String) -> Response {
        Response(status: status, headers: [.location: location])
    }

    private static func name(_ text: String) -> HTTPFields.Element.Name {
        guard let name = HTTPFields.Element.Name(text) else {
            preconditionFailure("invalid test header name \(text)")
        }
        return name
    }
}
