import CCurl

/// A validated absolute `http`/`https` URL with its host, ready for one transfer.
struct RequestTarget: Sendable, Hashable {
    /// The normalized URL.
    let url: String
    /// The lowercased scheme (`http` or `https`).
    let scheme: String
    /// The host as written in the URL (IPv6 literals in brackets), lowercased.
    let host: String
    /// The explicit port, if any.
    let port: Int?

    static let allowedSchemes: Set<String> = ["http", "https"]

    /// Parses and validates an absolute URL.
    static func parse(_ text: String) throws(CurlHTTPError) -> RequestTarget {
        guard let curlURL = CurlURL(), !containsControlCharacters(text), curlURL.setURL(text) else {
            throw .invalidURL(text)
        }
        return try make(from: curlURL, original: text)
    }

    /// Resolves a `Location` value (absolute or relative) against this target.
    func resolving(_ location: String) throws(CurlHTTPError) -> RequestTarget {
        guard let curlURL = CurlURL(), curlURL.setURL(url), !Self.containsControlCharacters(location),
            curlURL.setURL(location)
        else {
            throw .invalidURL(location)
        }
        return try Self.make(from: curlURL, original: location)
    }

    /// Whether `other` has the same scheme, host and port (credentials may be forwarded).
    func isSameOrigin(as other: RequestTarget) -> Bool {
        scheme == other.scheme && host == other.host && effectivePort == other.effectivePort
    }

    private var effectivePort: Int {
        port ?? (scheme == "https" ? 443 : 80)
    }

    private static func make(from curlURL: CurlURL, original: String) throws(CurlHTTPError) -> RequestTarget {
        guard let scheme = curlURL.get(CURLUPART_SCHEME)?.lowercased() else {
            throw .invalidURL(original)
        }
        guard allowedSchemes.contains(scheme) else {
            throw .unsupportedScheme(original)
        }
        guard let host = curlURL.get(CURLUPART_HOST), !host.isEmpty, let url = curlURL.get(CURLUPART_URL) else {
            throw .invalidURL(original)
        }
        let port = curlURL.get(CURLUPART_PORT).flatMap { Int($0) }
        return RequestTarget(url: url, scheme: scheme, host: host.lowercased(), port: port)
    }

    private static func containsControlCharacters(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }
}
