/// Errors thrown by ``CurlHTTPClient``.
public enum CurlHTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL could not be parsed or has no host.
    case invalidURL(String)
    /// The URL (or a redirect target) uses a scheme other than `http` or `https`.
    case unsupportedScheme(String)
    /// A header name or value contains characters that are not allowed (e.g. CR/LF).
    case invalidHeader(name: String)
    /// `host` resolved to `address`, which is refused by the address policy.
    case blockedAddress(host: String, address: String)
    /// More than `limit` redirects.
    case tooManyRedirects(limit: Int)
    /// The response body exceeded `limit` bytes.
    case responseTooLarge(limit: Int)
    /// A connect or total timeout expired.
    case timedOut
    /// The host could not be resolved or connected to.
    case couldNotConnect(String)
    /// TLS handshake or certificate verification failed.
    case tls(String)
    /// Any other libcurl failure.
    case transport(code: Int, message: String)
    /// The calling task was cancelled.
    case cancelled
    /// The client was shut down before the request completed.
    case clientShutDown
    /// A 307 or 308 would send the request's body again to another origin (`host`), one the policy does not forward
    /// header fields to: the body may carry what only the first origin may see.
    case bodyRedirectRefused(host: String)

    /// A message naming the URL or host involved, where known.
    public var description: String {
        switch self {
        case .invalidURL(let url):
            "invalid URL: \(url)"
        case .unsupportedScheme(let url):
            "unsupported scheme (only http and https are allowed): \(url)"
        case .invalidHeader(let name):
            "invalid header field: \(name)"
        case .blockedAddress(let host, let address):
            "refused to connect to \(host): address \(address) is not public"
        case .tooManyRedirects(let limit):
            "too many redirects (limit \(limit))"
        case .responseTooLarge(let limit):
            "response larger than \(limit) bytes"
        case .timedOut:
            "request timed out"
        case .couldNotConnect(let message):
            "could not connect: \(message)"
        case .tls(let message):
            "TLS failure: \(message)"
        case .transport(let code, let message):
            "transport error \(code): \(message)"
        case .cancelled:
            "request cancelled"
        case .clientShutDown:
            "HTTP client has been shut down"
        case .bodyRedirectRefused(let host):
            "refused a redirect that would send the request's body to another origin, \(host)"
        }
    }
}
