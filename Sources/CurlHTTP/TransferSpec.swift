import HTTPTypes

/// Everything the driver thread needs to run one hop (one HTTP exchange, no redirects).
struct TransferSpec: Sendable {
    var target: RequestTarget
    var method: HTTPRequest.Method
    var headers: HTTPFields
    var body: [UInt8]?
    var connectTimeoutMilliseconds: Int
    var totalTimeoutMilliseconds: Int
    var maxResponseBytes: Int
    var userAgent: String
    /// Whether resolved addresses are checked against ``AddressPolicy`` (false for allowed hosts).
    var checksAddresses: Bool
}

/// The outcome of one hop.
struct TransferResult: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: [UInt8]
}
