extension CurlHTTPError {
    /// What went wrong, without the URL, host, address or libcurl's message: for people who must not learn the
    /// service's internal address (a chat room). ``description`` has them all, for the log.
    public var summary: String {
        switch self {
        case .invalidURL: "the address is not a valid URL"
        case .unsupportedScheme: "the address is not http or https"
        case .invalidHeader: "a header field is not valid"
        case .blockedAddress: "the service's address is not public and not allowed"
        case .tooManyRedirects(let limit): "too many redirects (limit \(limit))"
        case .responseTooLarge(let limit): "the answer is larger than \(limit) bytes"
        case .timedOut: "the service did not answer in time"
        case .couldNotConnect: "the service could not be reached"
        case .tls: "the secure connection to the service failed"
        case .transport(let code, _): "the call failed (libcurl error \(code))"
        case .cancelled: "the call was cancelled"
        case .clientShutDown: "the HTTP client has shut down"
        case .bodyRedirectRefused: "the service redirected the call's body to another address"
        }
    }
}
