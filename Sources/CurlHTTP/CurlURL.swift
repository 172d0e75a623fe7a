import CCurl

/// A libcurl URL handle (`CURLU`), used to parse, normalize and resolve URLs.
/// Not thread-safe; use locally.
final class CurlURL {
    private let handle: OpaquePointer

    init?() {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_url() else { return nil }
        self.handle = handle
    }

    deinit {
        curl_url_cleanup(handle)
    }

    /// Sets (or, when one is already set, resolves relative to it) the full URL.
    func setURL(_ text: String) -> Bool {
        curl_url_set(handle, CURLUPART_URL, text, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK
    }

    /// Reads one part of the URL, or `nil` when absent.
    func get(_ part: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK,
            let value
        else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
