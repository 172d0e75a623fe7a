import CCurl

/// One-time process-wide libcurl initialization.
enum CurlGlobal {
    /// Global `let`s are initialized lazily and exactly once, thread-safely.
    private static let initResult: Int = Int(ccurl_global_init_default().rawValue)

    /// Calls `curl_global_init` the first time it is used; later calls do nothing.
    static func ensureInitialized() {
        _ = initResult
    }
}
