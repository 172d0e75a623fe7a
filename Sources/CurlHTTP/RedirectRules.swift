/// How a redirect response turns into the next request (pure, no I/O).
enum RedirectRules {
    /// Status codes that are followed when a `Location` header is present.
    static let statuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Headers describing a body, dropped when the body is dropped.
    private static let bodyHeaders = ["Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding"]
    /// Headers carrying credentials or origin, dropped when the origin changes.
    private static let originHeaders = ["Authorization", "Proxy-Authorization", "Cookie", "Host"]

    /// The request for the next hop after `request` got `status` redirecting to `target`.
    ///
    /// 301/302 turn POST into GET and 303 turns anything but HEAD into GET (dropping the body);
    /// 307/308 keep method and body. Credentials are dropped when the origin changes.
    static func nextRequest(
        after request: HTTPRequest,
        status: Int,
        from source: RequestTarget,
        to target: RequestTarget
    ) -> HTTPRequest {
        var next = request
        next.url = target.url
        let becomesGet =
            switch status {
            case 301, 302: request.method == .post
            case 303: request.method != .head && request.method != .get
            default: false
            }
        if becomesGet {
            next.method = .get
            next.body = nil
            for name in bodyHeaders { next.headers.remove(name) }
        }
        if !source.isSameOrigin(as: target) {
            for name in originHeaders { next.headers.remove(name) }
        }
        return next
    }
}
