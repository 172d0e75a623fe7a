import Foundation
import Hummingbird
import LDAPDirectory
import Logging
import PersistentChatDirectory
import PersistentChatProtocol
import ServiceLifecycle
import YAMLConfig

/// The Persistent Chat server (`pchatd`): directory, rooms, durable history and live delivery over WebSocket.
public final class PersistentChatServer: Sendable {
    /// The configuration in force (a reload, ``reloadConfiguration()``, may replace its categories, rooms and limits).
    public var configuration: ServerConfiguration { core.configuration }
    let core: ServerCore
    let logger: Logger
    /// The certificate served when server.yaml has `tls`; ``reloadCertificate()`` renews it.
    let tls: ServerTLS?
    /// Reloads the directory on ``reload()`` (SIGHUP) and when its file changes.
    let directoryReloader: DirectoryReloader
    /// Answers `/ready` on the chat port and on the operations listener.
    let readiness: ReadinessProbe
    /// The data folder's lock, held from start-up until a run ends, so no second pchatd and no restore uses the
    /// folder meanwhile.
    let dataLock: DataFolderLock
    /// The web client's files, or nil when server.yaml turns it off.
    let webClient: WebClientAssets?

    /// Loads the directory, opens the database and creates configured categories and rooms.
    ///
    /// Throws ``ConfigError`` naming the file, key and reason for a bad directory, principal or data folder, or a data
    /// folder that another pchatd (or a restore) holds.
    public init(configuration: ServerConfiguration, logger: Logger) throws {
        self.logger = logger
        tls = try configuration.tls.map { files throws(ConfigError) in
            try ServerTLS(files: files, sourceFile: configuration.sourceFile, logger: logger)
        }
        webClient = try WebClientAssets.serving(configuration.webClient, sourceFile: configuration.sourceFile)
        let directory: Directory
        let loader: DirectoryLoader
        var directoryStamp: FileStamp?
        switch configuration.directory {
        case .ldif(let path):
            directoryStamp = FileStamp(path: path)
            directory = try ConfigurationCheck.ldifDirectory(at: path, of: configuration, logger: logger)
            if let problem = ConfiguredPrincipals.problems(in: configuration, directory: directory).first { throw problem }
            loader = .ldif(path: path)
        case .ldap(let settings):
            // Read before listening (``loadDirectoryBeforeListening()``); a server that is down does not stop pchatd.
            directory = try Directory(entries: [], base: settings.baseDN, logger: logger)
            loader = .ldap(ActiveDirectory(settings: settings, logger: logger))
        }
        do {
            try DataFolder.prepare(configuration.dataDirectory, logger: logger)
        } catch {
            throw ConfigError(file: configuration.sourceFile, key: "data",
                              reason: "cannot create data folder \(configuration.dataDirectory): \(error.localizedDescription)")
        }
        do {
            dataLock = try DataFolderLock(dataDirectory: configuration.dataDirectory, purpose: "pchatd")
        } catch {
            throw ConfigError(file: configuration.sourceFile, key: "data", reason: error.description)
        }
        let databasePath = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("pchat.sqlite").path
        try DataFolder.prepareDatabase(databasePath, logger: logger)
        let store = try ChatStore(path: databasePath)
        try UploadRecovery(store: store, storage: FileStorage(dataDirectory: configuration.dataDirectory), logger: logger).run()
        try store.reconcile(categories: configuration.categories, rooms: configuration.rooms,
                            now: Date().millisecondsSince1970)
        let catalog = try store.loadCatalog(configuration)
        try store.pruneSessionTokens(now: Date().millisecondsSince1970)
        var activeDirectory: ActiveDirectory?
        if case .ldap(let directory) = loader { activeDirectory = directory }
        core = try ServerCore(configuration: configuration, directory: directory, activeDirectory: activeDirectory, store: store,
                              catalog: catalog, logger: logger)
        directoryReloader = DirectoryReloader(core: core, loader: loader, stamp: directoryStamp)
        readiness = ReadinessProbe(core: core)
        core.metrics.sampleHeld(core: core)
        logger.info("pchatd ready", metadata: [
            "database": "\(databasePath)", "rooms": "\(catalog.rooms.count)", "directory": "\(configuration.directory.summary)",
        ])
    }

    /// Loads the configuration file and creates the server.
    public convenience init(configurationFile path: String, logger: Logger) throws {
        try self.init(configuration: try ServerConfigurationLoader.load(path: path), logger: logger)
    }

    /// Serves until the task is cancelled or a graceful shutdown is triggered; calls `onListening` with the bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try holdDataFolder()
        defer { dataLock.release() }
        await loadDirectoryBeforeListening()
        try await ServiceGroup(configuration: .init(services: services(onListening: onListening), logger: logger)).run()
    }

    /// Serves until SIGINT or SIGTERM, then shuts down gracefully; reloads (``reload()``) on SIGHUP.
    public func runUntilSignalled(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try holdDataFolder()
        defer { dataLock.release() }
        await loadDirectoryBeforeListening()
        let services = [HangUpService(server: self)] + services(onListening: onListening)
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Starts serving in the background and returns once the chat port (and the operations listener's, with
    /// `metrics.listen`) is bound.
    public func start() async throws -> RunningServer {
        try holdDataFolder()
        await loadDirectoryBeforeListening()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let (operationsPorts, operationsContinuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(configuration: .init(services: services(onListening: { port in continuation.yield(port) },
                                                                         onOperationsListening: { operationsContinuation.yield($0) }),
                                                      logger: logger))
        let lock = dataLock
        let task = Task {
            defer {
                continuation.finish()
                operationsContinuation.finish()
                lock.release()
            }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            _ = try await task.value
            throw ConfigError(file: configuration.sourceFile, key: "listen", reason: "the server stopped before listening")
        }
        var operationsPort: Int?
        if configuration.metricsListen != nil {
            var operationsIterator = operationsPorts.makeAsyncIterator()
            guard let bound = await operationsIterator.next() else {
                _ = try await task.value
                throw ConfigError(file: configuration.sourceFile, key: "metrics.listen", reason: "the server stopped before listening")
            }
            operationsPort = bound
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return RunningServer(url: "\(tls == nil ? "ws" : "wss")://\(host):\(port)", port: port, operationsPort: operationsPort,
                             group: group, task: task)
    }

    /// The checkpointer, the directory's watcher, the operations listener (with `metrics.listen`) and the chat
    /// listener, in the order they start.
    private func services(onListening: @escaping @Sendable (Int) async -> Void,
                          onOperationsListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        var services: [any Service] = [checkpointer, directoryWatcher]
        if let address = configuration.metricsListen {
            services.append(OperationsListener.application(core: core, readiness: readiness, address: address,
                                                           onListening: onOperationsListening))
        }
        services.append(WebSocketListener(core: core, tls: tls, readiness: readiness, webClient: webClient).application(onListening: onListening))
        return services
    }

    /// Takes the data folder's lock again when an earlier run of this server let it go.
    private func holdDataFolder() throws(ConfigError) {
        do {
            try dataLock.hold()
        } catch {
            throw ConfigError(file: configuration.sourceFile, key: "data", reason: error.description)
        }
    }

    /// Stops after the listener (services stop in reverse order), so its last checkpoint sees every commit.
    private var checkpointer: WALCheckpointer { WALCheckpointer(store: core.store, logger: logger) }

    /// Reloads the directory when its file changes, or reads the LDAP directory again every `refresh`.
    private var directoryWatcher: any Service {
        switch configuration.directory {
        case .ldif: DirectoryFileWatcher(reloader: directoryReloader)
        case .ldap(let settings):
            DirectoryRefresher(reloader: directoryReloader, interval: settings.refresh, startsFailing: core.directories.isExpired)
        }
    }

    /// With an LDAP directory: the first read of users, groups and OUs, before clients are served. A server that
    /// cannot be reached does not stop pchatd: it says so, serves (sign-ins are refused meanwhile) and reads again
    /// soon (``DirectoryRefresher``).
    private func loadDirectoryBeforeListening() async {
        guard case .ldap = configuration.directory else { return }
        if case .refused(let reason) = await directoryReloader.reload(because: "start") {
            logger.error("the directory cannot be read; pchatd starts without it and refuses sign-ins until it answers",
                         metadata: ["directory": "\(configuration.directory.summary)", "reason": "\(reason)"])
        }
    }
}

/// A server started with ``PersistentChatServer/start()``.
public struct RunningServer: Sendable {
    /// The address clients use, `ws://HOST:PORT`, or `wss://HOST:PORT` with `tls`.
    public let url: String
    public let port: Int
    /// The operations listener's port (`/metrics`, `/health`, `/ready`), with server.yaml's `metrics.listen`.
    public let operationsPort: Int?
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Shuts the server down gracefully (open connections are closed) and waits for it; cancels it after 5 s.
    public func stop() async {
        await group.triggerGracefulShutdown()
        let task = task
        let deadline = Task {
            try await Task.sleep(for: .seconds(5))
            task.cancel()
        }
        _ = try? await task.value
        deadline.cancel()
    }
}
