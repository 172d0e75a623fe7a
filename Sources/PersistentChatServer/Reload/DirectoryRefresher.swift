import ServiceLifecycle

/// Reads an LDAP directory again every `interval` (``DirectoryReloader``) until the server shuts down. After a read
/// that failed (the server down or slow), the next comes sooner: 1 s, doubling up to `interval`, so pchatd picks the
/// directory up again soon after it is back. A directory never read yet (the server was down at start) is tried
/// that way from the start.
struct DirectoryRefresher: Service {
    let reloader: DirectoryReloader
    let interval: Duration
    /// Whether the first read, before listening, failed.
    let startsFailing: Bool

    func run() async throws {
        _ = await cancelWhenGracefulShutdown {
            var failures = startsFailing ? 1 : 0
            var wait = startsFailing ? .seconds(1) : interval
            while !Task.isCancelled {
                try? await Task.sleep(for: wait)
                guard !Task.isCancelled else { return }
                switch await reloader.reload(because: failures == 0 ? "refresh" : "retry after \(failures) failed read(s)") {
                case .reloaded:
                    failures = 0
                    wait = interval
                case .refused:
                    failures += 1
                    wait = min(interval, .seconds(1) * (1 << min(failures - 1, 16)))
                }
            }
        }
    }
}
