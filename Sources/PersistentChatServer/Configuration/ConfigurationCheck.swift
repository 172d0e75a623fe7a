import LDAPDirectory
import Logging
import PersistentChatDirectory
import YAMLConfig

/// `pchatd check`: server.yaml read whole, its TLS pair and web client folder loaded, and the directory it names loaded and its principals
/// resolved, as pchatd would at start, without opening the database or listening.
public enum ConfigurationCheck {
    /// What the check found, and what is wrong (each with file, line where known, key and reason).
    public struct Report: Sendable {
        public var lines: [String] = []
        public var problems: [String] = []
        public var isValid: Bool { problems.isEmpty }
    }

    /// `1 room`, `2 rooms`.
    private static func counted(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count == 1 ? one : many)"
    }

    /// Checks the server.yaml at `path`.
    public static func run(path: String, logger: Logger) async -> Report {
        var report = Report()
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfigurationLoader.load(path: path)
        } catch {
            report.problems.append("\(error)")
            return report
        }
        let scheme = configuration.tls == nil ? "ws" : "wss"
        report.lines.append("\(path): domain \(configuration.domain), \(counted(configuration.categories.count, "category", "categories")), "
                            + "\(counted(configuration.rooms.count, "room", "rooms")), listening on \(scheme)://\(HostAndPort(host: configuration.host, port: configuration.port))")
        if let files = configuration.tls {
            // Loaded as pchatd loads them: a pair it could not read, or that does not match, fails here too.
            do {
                _ = try ServerTLS(files: files, sourceFile: path, logger: logger)
                report.lines.append("TLS certificate \(files.certificate) and key \(files.key) loaded")
            } catch {
                report.problems.append("\(error)")
            }
        }
        if let folder = configuration.webClient.assetsFolder, configuration.webClient.enabled {
            // Read as pchatd reads it at start: a folder it could not serve from fails here too.
            do {
                _ = try WebClientAssets.serving(configuration.webClient, sourceFile: path)
                report.lines.append("web client files read from \(folder)")
            } catch {
                report.problems.append("\(error)")
            }
        }
        let directory: Directory
        switch configuration.directory {
        case .ldif(let file):
            do {
                directory = try ldifDirectory(at: file, of: configuration, logger: logger)
            } catch {
                report.problems.append("\(error)")
                return report
            }
        case .ldap(let settings):
            do {
                directory = try await ActiveDirectory(settings: settings, logger: logger).readDirectory()
            } catch {
                report.problems.append("\(ConfigError(file: path, key: "directory.ldap", reason: "the directory cannot be read: \(error)"))")
                return report
            }
        }
        report.lines.append("directory \(configuration.directory.summary): \(directory.allEntries.count) entries read")
        report.problems += ConfiguredPrincipals.problems(in: configuration, directory: directory).map { "\($0)" }
        return report
    }

    /// The LDIF directory at `path`, as `configuration` names it; a file that does not load is a ``ConfigError`` for
    /// `directory.ldif` (at start and in the check alike).
    static func ldifDirectory(at path: String, of configuration: ServerConfiguration, logger: Logger) throws(ConfigError) -> Directory {
        do {
            return try Directory.load(ldifAt: path, logger: logger)
        } catch {
            throw ConfigError(file: configuration.sourceFile, key: "directory.ldif", reason: "\(error)")
        }
    }
}
