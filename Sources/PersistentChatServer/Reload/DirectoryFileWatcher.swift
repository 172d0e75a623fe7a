import ServiceLifecycle

/// Looks at the directory's LDIF file every `interval` and reloads it once it changed (``DirectoryReloader/reloadIfChanged()``),
/// until the server shuts down.
struct DirectoryFileWatcher: Service {
    let reloader: DirectoryReloader
    var interval: Duration = .seconds(1)

    func run() async throws {
        _ = await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                await reloader.reloadIfChanged()
            }
        }
    }
}
