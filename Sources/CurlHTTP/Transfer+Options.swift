import CCurl

extension Transfer {
    /// Applies the hop's request and the security defaults to the easy handle.
    func configure() throws(CurlHTTPError) {
        try set(CURLOPT_URL, spec.target.url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        // An empty proxy disables proxies from the environment, which would bypass the address check.
        try set(CURLOPT_PROXY, "")
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, spec.connectTimeoutMilliseconds))
        try set(CURLOPT_TIMEOUT_MS, max(1, spec.totalTimeoutMilliseconds))
        try check(ccurl_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(spec.maxResponseBytes)))
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_USERAGENT, spec.userAgent)
        try check(ccurl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        if !spec.checksAddresses {
            // Connections exempt from the address check must never be reused by other requests.
            try set(CURLOPT_FORBID_REUSE, 1)
        }
        try configureCallbacks()
        try configureMethodAndBody()
        try configureHeaders()
    }

    private func configureCallbacks() throws(CurlHTTPError) {
        let pointer = callbackPointer
        try check(ccurl_setopt_write_function(easy, transferWriteCallback))
        try check(ccurl_setopt_pointer(easy, CURLOPT_WRITEDATA, pointer))
        try check(ccurl_setopt_header_function(easy, transferHeaderCallback))
        try check(ccurl_setopt_pointer(easy, CURLOPT_HEADERDATA, pointer))
        try check(ccurl_setopt_opensocket_function(easy, transferOpenSocketCallback))
        try check(ccurl_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, pointer))
    }

    private func configureMethodAndBody() throws(CurlHTTPError) {
        let method = spec.method
        var body = spec.body
        if body == nil, method == .post || method == .put || method == .patch {
            body = []
        }
        guard let body else {
            switch method {
            case .get: try set(CURLOPT_HTTPGET, 1)
            case .head: try set(CURLOPT_NOBODY, 1)
            default: try set(CURLOPT_CUSTOMREQUEST, method.rawValue)
            }
            return
        }
        try set(CURLOPT_POST, 1)
        try check(ccurl_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
        let code = body.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                ccurl_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            } else {
                ccurl_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
            }
        }
        try check(code)
        if method != .post {
            try set(CURLOPT_CUSTOMREQUEST, method.rawValue)
        }
    }

    private func configureHeaders() throws(CurlHTTPError) {
        var lines = spec.headers.map { $0.value.isEmpty ? "\($0.name.rawName);" : "\($0.name.rawName): \($0.value)" }
        if !spec.headers.contains(.expect) {
            lines.append("Expect:")
        }
        for line in lines {
            guard let appended = curl_slist_append(headerList, line) else {
                throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed")
            }
            headerList = appended
        }
        try check(ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
    }

    private func set(_ option: CURLoption, _ value: Int) throws(CurlHTTPError) {
        try check(ccurl_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(CurlHTTPError) {
        try check(ccurl_setopt_string(easy, option, value))
    }

    private func check(_ code: CURLcode) throws(CurlHTTPError) {
        guard code == CURLE_OK else {
            throw .transport(
                code: Int(code.rawValue),
                message: "setting up \(spec.target.url): \(String(cString: curl_easy_strerror(code)))"
            )
        }
    }
}

// MARK: C callbacks (no captures; the transfer comes through the user-data pointer)

private let transferWriteCallback: curl_write_callback = { data, size, count, userData in
    guard let transfer = Transfer.from(userData) else { return 0 }
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let transferHeaderCallback: curl_write_callback = { data, size, count, userData in
    guard let transfer = Transfer.from(userData) else { return 0 }
    return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let transferOpenSocketCallback: curl_opensocket_callback = { userData, purpose, address in
    guard let transfer = Transfer.from(userData), let address else { return ccurl_socket_bad() }
    return transfer.openSocket(purpose: purpose, address: address)
}
