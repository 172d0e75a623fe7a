import Foundation
import Logging
import PersistentChat
import YAMLConfig

/// Reloads a running host from its files, on SIGHUP or when a file changes: the files are read and checked whole,
/// and a configuration with any fault is refused, with the file, key and reason, while the last good one runs on.
package actor ConfigurationReloader {
    /// How one reload ended.
    package enum Outcome: Sendable {
        case applied(ReloadPlan)
        /// The files could not be read, or the host refused the change; the running configuration is unchanged.
        case refused(ConfigError)
    }

    private let host: BotHost
    private let path: String
    private let registry: BotRegistry
    private let logger: Logger
    private var roomsFolder: String
    private var lastSeen: ConfigFilesSnapshot

    /// `configuration` is the one the host started with, loaded from `configuration.sourceFile`.
    package init(host: BotHost, configuration: HostConfiguration, registry: BotRegistry, logger: Logger) {
        self.host = host
        path = configuration.sourceFile
        roomsFolder = configuration.roomsFolder
        self.registry = registry
        self.logger = logger
        lastSeen = ConfigFilesSnapshot(hostFile: path, roomsFolder: roomsFolder)
    }

    /// The reload under way; the next one waits for it.
    private var running: Task<Outcome, Never>?

    /// Reads the files again and applies them, after any reload under way; `reason` goes to the log (`SIGHUP`,
    /// `file change`).
    @discardableResult
    package func reload(reason: String) async -> Outcome {
        let previous = running
        let next = Task {
            _ = await previous?.value
            return await apply(reason: reason)
        }
        running = next
        return await next.value
    }

    private func apply(reason: String) async -> Outcome {
        lastSeen = ConfigFilesSnapshot(hostFile: path, roomsFolder: roomsFolder)
        let configuration: HostConfiguration
        do {
            configuration = try HostConfigurationLoader.load(path: path, registry: registry, logger: logger)
        } catch {
            logger.error("reload refused: the last good configuration keeps running", metadata: ["trigger": "\(reason)", "error": "\(error)"])
            return .refused(error)
        }
        do {
            let plan = try await host.reload(configuration)
            roomsFolder = configuration.roomsFolder
            lastSeen = ConfigFilesSnapshot(hostFile: path, roomsFolder: roomsFolder)
            logger.notice("configuration reloaded", metadata: ["trigger": "\(reason)", "plan": "\(plan)"])
            return .applied(plan)
        } catch {
            logger.error("reload refused: the last good configuration keeps running", metadata: ["trigger": "\(reason)", "error": "\(error)"])
            return .refused(error)
        }
    }

    /// Reloads whenever host.yaml or a room file changes, looking every `interval`, until the task is cancelled.
    package func watch(every interval: Duration, clock: any BotClock = SystemBotClock()) async {
        while true {
            do { try await clock.sleep(for: interval) } catch { return }
            let now = ConfigFilesSnapshot(hostFile: path, roomsFolder: roomsFolder)
            guard now != lastSeen else { continue }
            // A file being written may be half there: wait for it to stay the same for one more look.
            do { try await clock.sleep(for: interval) } catch { return }
            guard ConfigFilesSnapshot(hostFile: path, roomsFolder: roomsFolder) == now else { continue }
            await reload(reason: "file change")
        }
    }
}

/// The modification times and sizes of host.yaml and of every file in the rooms folder.
struct ConfigFilesSnapshot: Equatable, Sendable {
    private var files: [String: String] = [:]

    init(hostFile: String, roomsFolder: String) {
        files[hostFile] = Self.stamp(hostFile)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: roomsFolder)) ?? [] {
            let file = URL(fileURLWithPath: roomsFolder).appendingPathComponent(name).path
            files[file] = Self.stamp(file)
        }
    }

    private static func stamp(_ path: String) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "missing" }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(modified)|\(attributes[.size] ?? 0)"
    }
}
