import CCurl
import HTTPTypes
import Logging

/// One libcurl easy handle and the data it collects. Lives on the driver thread only;
/// libcurl callbacks reach it through an unretained pointer while the driver keeps it alive.
final class Transfer {
    let id: UInt64
    let spec: TransferSpec
    let easy: UnsafeMutableRawPointer
    let logger: Logger
    let errorBuffer: UnsafeMutablePointer<CChar>
    var headerList: UnsafeMutablePointer<curl_slist>?

    private(set) var body: [UInt8] = []
    private(set) var headers = HTTPFields()
    private var headerBytes = 0
    /// Set when the body or headers exceeded their limit and the transfer was aborted.
    private(set) var exceededLimit = false
    /// The refused address of the last blocked connection attempt, if any.
    private(set) var blockedAddress: String?

    /// Upper bound for all header lines of one response.
    static let maxHeaderBytes = 256 * 1024

    /// Creates and configures the easy handle.
    init(id: UInt64, spec: TransferSpec, logger: Logger) throws(CurlHTTPError) {
        guard let easy = curl_easy_init() else {
            throw .transport(code: -1, message: "curl_easy_init failed")
        }
        self.id = id
        self.spec = spec
        self.easy = easy
        self.logger = logger
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        do {
            try configure()
        } catch {
            close()
            throw error
        }
    }

    /// Releases the easy handle; call after removing it from the multi handle.
    func close() {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        headerList = nil
        errorBuffer.deallocate()
    }

    /// The opaque pointer handed to libcurl callbacks.
    var callbackPointer: UnsafeMutableRawPointer {
        Unmanaged.passUnretained(self).toOpaque()
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> Transfer? {
        pointer.map { Unmanaged<Transfer>.fromOpaque($0).takeUnretainedValue() }
    }

    // MARK: Callback handlers

    /// Appends body bytes; returns 0 (aborting the transfer) past the size limit.
    func receiveBody(_ data: UnsafeRawBufferPointer) -> Int {
        guard body.count + data.count <= spec.maxResponseBytes else {
            exceededLimit = true
            return 0
        }
        body.append(contentsOf: data)
        return data.count
    }

    /// Parses one header line; a status line starts a new header block (e.g. after `100 Continue`).
    func receiveHeaderLine(_ data: UnsafeRawBufferPointer) -> Int {
        headerBytes += data.count
        guard headerBytes <= Self.maxHeaderBytes else {
            exceededLimit = true
            return 0
        }
        // Strip the line terminator on bytes: "\r\n" is a single Character in Swift strings.
        var end = data.count
        while end > 0, data[end - 1] == UInt8(ascii: "\n") || data[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = String(decoding: data[..<end], as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = HTTPFields()
        } else if let first = line.first, first == " " || first == "\t", let last = headers.indices.last {
            headers[last].value += " " + line.trimmingWhitespace()
        } else if let colon = line.firstIndex(of: ":"),
                  let name = HTTPField.Name(String(line[..<colon]).trimmingWhitespace()) {
            // A line whose name is not an HTTP token is dropped.
            let value = String(line[line.index(after: colon)...]).trimmingWhitespace()
            headers.append(HTTPField(name: name, value: value))
        }
        return data.count
    }

    /// Opens a socket for `address`, or refuses (returns `CURL_SOCKET_BAD`) when the address
    /// is not allowed for this transfer's host. Runs before any packet is sent.
    func openSocket(purpose: curlsocktype, address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        if spec.checksAddresses {
            var raw = [UInt8](repeating: 0, count: 16)
            let length = Int(ccurl_sockaddr_ip(address, &raw))
            guard let ip = IPAddress(bytes: raw.prefix(length)) else {
                blockedAddress = "address family \(address.pointee.family)"
                logger.warning("refusing non-IP socket", metadata: ["host": "\(spec.target.host)"])
                return ccurl_socket_bad()
            }
            if AddressPolicy.isRefused(ip) {
                blockedAddress = ip.description
                logger.warning(
                    "refusing connection to non-public address",
                    metadata: [
                        "host": "\(spec.target.host)", "address": "\(ip)",
                        "category": "\(AddressPolicy.category(of: ip).rawValue)",
                    ]
                )
                return ccurl_socket_bad()
            }
        }
        return ccurl_open_socket(address)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
