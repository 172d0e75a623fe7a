import HTTPTypes

/// How a redirect response turns into the next request (pure, no I/O).
enum RedirectRules {
    /// Status codes that are followed when a `Location` header is present.
    static let statuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Headers describing a body, dropped when the body is dropped.
    private static let bodyHeaders: [HTTPField.Name] = [.contentType, .contentLength, .contentEncoding, .transferEncoding]
    /// Names the origin; never sent to another one.
    /// (HTTPTypes offers no `Host` name, being built for `:authority`; a caller may still have set one.)
    private static let hostHeader = HTTPField.Name("Host")

    /// Whether following `status` from `source` to `target` would send `request`'s body to another origin (a 307 or
    /// 308 keeps it) that the policy does not forward header fields to; the client refuses such a redirect.
    static func resendsBodyElsewhere(_ request: CurlHTTPRequest, status: Int, from source: RequestTarget, to target: RequestTarget,
                                     forwardingHeaders: Bool) -> Bool {
        (status == 307 || status == 308) && request.body != nil && !source.isSameOrigin(as: target) && !forwardingHeaders
    }

    /// The request for the next hop after `request` got `status` redirecting to `target`.
    ///
    /// 301/302 turn POST into GET and 303 turns anything but HEAD into GET (dropping the body);
    /// 307/308 keep method and body. When the origin (scheme, host or port) changes, every header field the request
    /// set is dropped (credentials, cookies, API keys, anything), but those describing a body that is kept, unless
    /// `forwardingHeaders` (the target host is one the policy forwards headers to); `Host` is dropped either way.
    static func nextRequest(
        after request: CurlHTTPRequest,
        status: Int,
        from source: RequestTarget,
        to target: RequestTarget,
        forwardingHeaders: Bool = false
    ) -> CurlHTTPRequest {
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
            for name in bodyHeaders { next.headers[name] = nil }
        }
        if !source.isSameOrigin(as: target) {
            if let hostHeader { next.headers[hostHeader] = nil }
            if !forwardingHeaders {
                let kept = next.body == nil ? [] : [HTTPField.Name.contentType, .contentEncoding]
                next.headers = next.headers.filter { kept.contains($0.name) }
            }
        }
        return next
    }
}
