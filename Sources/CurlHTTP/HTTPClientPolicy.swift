/// Limits and security settings applied to every request of a ``CurlHTTPClient``.
///
/// Encodes timeouts as seconds (`Double`); decoding fills missing keys with defaults,
/// so a configuration file only needs the settings it changes.
public struct HTTPClientPolicy: Sendable, Hashable, Codable {
    /// Maximum time to establish a connection, per hop.
    public var connectTimeout: Duration
    /// Maximum time for the whole request, including all redirect hops.
    public var totalTimeout: Duration
    /// Maximum number of redirects followed before failing with ``CurlHTTPError/tooManyRedirects(limit:)``.
    public var maxRedirects: Int
    /// Maximum (decoded) response body size in bytes.
    public var maxResponseBytes: Int
    /// Host names or IP literals (case-insensitive) that may connect to addresses otherwise refused
    /// (loopback, private, link-local, …). Applies only to hops whose URL host is listed.
    public var allowedHosts: Set<String>
    /// Host names or IP literals (case-insensitive) that still get the request's header fields when a redirect
    /// leads to them from another origin. To any other origin a redirect drops every header field the request set
    /// (those describing a body that is kept excepted); `Host` is dropped always.
    public var headerForwardingHosts: Set<String>
    /// The `User-Agent` sent unless a request sets its own.
    public var userAgent: String
    /// At most this many of the client's calls to one host at once, counting this request (nil: no cap); a request
    /// past it waits its turn. Every call of the client to the host counts, whatever its own policy.
    public var maxConcurrentPerHost: Int?

    /// The default user agent.
    public static let defaultUserAgent = "CurlHTTP/1.0"

    /// Creates a policy; every parameter has a conservative default.
    public init(
        connectTimeout: Duration = .seconds(5),
        totalTimeout: Duration = .seconds(30),
        maxRedirects: Int = 5,
        maxResponseBytes: Int = 1 << 20,
        allowedHosts: Set<String> = [],
        headerForwardingHosts: Set<String> = [],
        userAgent: String = HTTPClientPolicy.defaultUserAgent,
        maxConcurrentPerHost: Int? = nil
    ) {
        self.maxConcurrentPerHost = maxConcurrentPerHost.map { max(1, $0) }
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxRedirects = maxRedirects
        self.maxResponseBytes = maxResponseBytes
        self.allowedHosts = allowedHosts
        self.headerForwardingHosts = headerForwardingHosts
        self.userAgent = userAgent
    }

    /// Whether `host` (as in a URL, IPv6 literals with or without brackets) is in ``allowedHosts``.
    public func allows(host: String) -> Bool {
        let normalized = Self.normalize(host)
        return allowedHosts.contains { Self.normalize($0) == normalized }
    }

    /// Whether a redirect from another origin to `host` keeps the request's header fields (``headerForwardingHosts``).
    public func forwardsHeaders(to host: String) -> Bool {
        let normalized = Self.normalize(host)
        return headerForwardingHosts.contains { Self.normalize($0) == normalized }
    }

    static func normalize(_ host: String) -> String {
        var value = host.lowercased()
        if value.hasPrefix("["), value.hasSuffix("]") {
            value = String(value.dropFirst().dropLast())
        }
        return value
    }

    private enum CodingKeys: String, CodingKey {
        case connectTimeout, totalTimeout, maxRedirects, maxResponseBytes, allowedHosts, headerForwardingHosts, userAgent
        case maxConcurrentPerHost
    }

    /// Decodes a policy; missing keys take their defaults, timeouts are seconds.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HTTPClientPolicy()
        connectTimeout = try container.decodeIfPresent(Double.self, forKey: .connectTimeout)
            .map(Self.duration(seconds:)) ?? defaults.connectTimeout
        totalTimeout = try container.decodeIfPresent(Double.self, forKey: .totalTimeout)
            .map(Self.duration(seconds:)) ?? defaults.totalTimeout
        maxRedirects = try container.decodeIfPresent(Int.self, forKey: .maxRedirects) ?? defaults.maxRedirects
        maxResponseBytes = try container.decodeIfPresent(Int.self, forKey: .maxResponseBytes)
            ?? defaults.maxResponseBytes
        allowedHosts = try container.decodeIfPresent(Set<String>.self, forKey: .allowedHosts) ?? defaults.allowedHosts
        headerForwardingHosts = try container.decodeIfPresent(Set<String>.self, forKey: .headerForwardingHosts)
            ?? defaults.headerForwardingHosts
        userAgent = try container.decodeIfPresent(String.self, forKey: .userAgent) ?? defaults.userAgent
        maxConcurrentPerHost = try container.decodeIfPresent(Int.self, forKey: .maxConcurrentPerHost).map { max(1, $0) }
    }

    /// Encodes the policy with timeouts in seconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.seconds(connectTimeout), forKey: .connectTimeout)
        try container.encode(Self.seconds(totalTimeout), forKey: .totalTimeout)
        try container.encode(maxRedirects, forKey: .maxRedirects)
        try container.encode(maxResponseBytes, forKey: .maxResponseBytes)
        try container.encode(allowedHosts.sorted(), forKey: .allowedHosts)
        try container.encode(headerForwardingHosts.sorted(), forKey: .headerForwardingHosts)
        try container.encode(userAgent, forKey: .userAgent)
        try container.encodeIfPresent(maxConcurrentPerHost, forKey: .maxConcurrentPerHost)
    }

    static func duration(seconds: Double) -> Duration {
        .milliseconds(Int64((max(seconds, 0) * 1000).rounded()))
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let parts = duration.components
        let millis = parts.seconds.multipliedReportingOverflow(by: 1000)
        guard !millis.overflow else { return Int.max }
        return Int(clamping: millis.partialValue + parts.attoseconds / 1_000_000_000_000_000)
    }
}
