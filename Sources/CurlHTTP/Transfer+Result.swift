import CCurl

extension Transfer {
    /// The hop's outcome for the libcurl result `code`.
    func result(for code: CURLcode) -> Result<TransferResult, CurlHTTPError> {
        guard code == CURLE_OK else {
            return .failure(error(for: code))
        }
        var status = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(TransferResult(status: status, headers: headers, body: body))
    }

    private func error(for code: CURLcode) -> CurlHTTPError {
        let host = spec.target.host
        if let blockedAddress {
            return .blockedAddress(host: host, address: blockedAddress)
        }
        if exceededLimit || code == CURLE_FILESIZE_EXCEEDED {
            return .responseTooLarge(limit: spec.maxResponseBytes)
        }
        let message = errorMessage(for: code)
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            return .couldNotConnect("\(host): \(message)")
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .unsupportedScheme(spec.target.url)
        case CURLE_URL_MALFORMAT:
            return .invalidURL(spec.target.url)
        case _ where Self.tlsCodes.contains(code):
            return .tls("\(host): \(message)")
        default:
            return .transport(code: Int(code.rawValue), message: "\(spec.target.url): \(message)")
        }
    }

    private func errorMessage(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    private static let tlsCodes: Set<CURLcode> = [
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
        CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
        CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
        CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
        CURLE_USE_SSL_FAILED, CURLE_SSL_CLIENTCERT,
    ]
}
