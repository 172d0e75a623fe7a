import Foundation
import YAMLConfig

/// What a reload of server.yaml did.
public enum ConfigurationReloadOutcome: Sendable, Equatable {
    /// The file is in force: its categories, rooms, add-ins and limits.
    case applied(rooms: Int)
    /// The file was refused, and the one in force stays: the reason names the file, line and key, or the settings that
    /// need a restart.
    case refused(reason: String)
}

extension PersistentChatServer {
    /// Reads server.yaml again and checks it whole, as `pchatd check` does (every key, and every principal against the
    /// directory in force), then applies its categories, rooms (created or changed; rooms no longer in the file stay),
    /// add-ins and limits. Sessions whose rights changed are refreshed; those no longer allowed in a room are ended. A file that is
    /// refused leaves the one in force, and so does one that changes a setting that needs a restart
    /// (``RestartOnlySettings``): the refusal names them.
    @discardableResult
    public func reloadConfiguration() async -> ConfigurationReloadOutcome {
        let path = core.configuration.sourceFile
        let new: ServerConfiguration
        do {
            new = try ServerConfigurationLoader.load(path: path)
        } catch {
            return refuse("\(error)")
        }
        let restart = RestartOnlySettings.changed(from: core.configuration, to: new)
        guard restart.isEmpty else {
            return refuse("\(path): these settings need a restart, so nothing was reloaded: \(restart.joined(separator: ", "))")
        }
        if !core.directories.isExpired, let problem = ConfiguredPrincipals.problems(in: new, directory: core.directory).first {
            return refuse("\(problem)")
        }
        let store = core.store
        do {
            try await core.management.replaceCatalog {
                try store.reconcile(categories: new.categories, rooms: new.rooms, now: Date().millisecondsSince1970)
                return try store.loadCatalog(new)
            }
        } catch {
            return refuse("\(path): the rooms and categories could not be stored: \(error)")
        }
        core.replaceConfiguration(with: new)
        let catalog = core.catalog
        let refreshed = await core.refreshAllSessions()
        logger.notice("configuration reloaded", metadata: [
            "file": "\(path)", "categories": "\(new.categories.count)", "rooms": "\(new.rooms.count)",
            "rooms_in_catalog": "\(catalog.rooms.count)", "rooms_refreshed": "\(refreshed)",
        ])
        return .applied(rooms: catalog.rooms.count)
    }

    private func refuse(_ reason: String) -> ConfigurationReloadOutcome {
        logger.error("configuration reload refused; the configuration in force stays", metadata: ["reason": "\(reason)"])
        return .refused(reason: reason)
    }
}
