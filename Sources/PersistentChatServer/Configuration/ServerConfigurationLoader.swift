import Foundation
import YAMLConfig

/// Reads `server.yaml`, refusing unknown keys; relative paths are taken from the file's folder.
public enum ServerConfigurationLoader {
    /// Loads and validates the file at `path`.
    public static func load(path: String) throws(ConfigError) -> ServerConfiguration {
        try load(YAMLConfigFile(path: path))
    }

    /// Loads and validates an already parsed file.
    public static func load(_ yaml: YAMLConfigFile) throws(ConfigError) -> ServerConfiguration {
        let file = try yaml.decode(ServerFile.self)
        let base = URL(fileURLWithPath: yaml.path).deletingLastPathComponent()
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
        }
        let categories = file.categories ?? []
        let addIns = file.addIns ?? []
        var rooms = file.rooms ?? []
        try checkNamesAreUnique(categories: categories, rooms: rooms, yaml: yaml)
        try AddInNames.check(addIns, rooms: &rooms, yaml: yaml)
        let listen = file.listen ?? HostAndPort(host: "127.0.0.1", port: 5061)
        var configuration = ServerConfiguration(
            domain: file.domain, displayName: file.displayName ?? "Persistent Chat (\(file.domain))", host: listen.host,
            port: listen.port, dataDirectory: resolve(file.data ?? "data"), directoryLDIF: "",
            limits: file.limits ?? ServerLimits(), categories: categories, rooms: rooms, systemUsers: file.systemUsers ?? [],
            sourceFile: yaml.path)
        configuration.directory = try directorySource(file.directory, yaml: yaml, resolve: resolve)
        configuration.tls = file.tls?.resolved(resolve)
        configuration.insecurePlaintext = file.insecurePlaintext ?? false
        configuration.metricsListen = file.metrics?.listen
        configuration.webClient = file.webClient ?? WebClientSettings()
        configuration.webClient.assetsFolder = configuration.webClient.assetsFolder.map(resolve)
        configuration.addIns = addIns
        try ListenSecurity.check(configuration, yaml: yaml)
        return configuration
    }

    /// The LDIF file's path, or the LDAP settings with the service account's password read.
    private static func directorySource(_ directory: ServerFile.Directory, yaml: YAMLConfigFile,
                                        resolve: (String) -> String) throws(ConfigError) -> DirectorySource {
        if let ldif = directory.ldif { return .ldif(path: resolve(ldif)) }
        guard let ldap = directory.ldap else { return .ldif(path: "") }
        let password = try ldap.password?.read(name: "password", at: [ConfigKey("directory"), ConfigKey("ldap")], in: yaml,
                                               environment: ProcessInfo.processInfo.environment, resolve: resolve).value
        return .ldap(ldap.settings(password: password, resolve: resolve))
    }

    /// Names are told apart as the room catalog does (lowercased), with sets, so a thousand rooms load at once; each
    /// room's category is one of the file's.
    private static func checkNamesAreUnique(categories: [CategoryDefinition], rooms: [RoomDefinition],
                                            yaml: YAMLConfigFile) throws(ConfigError) {
        typealias K = ConfigKey
        var categoryNames = Set<String>()
        for (index, category) in categories.enumerated() where !categoryNames.insert(category.name.lowercased()).inserted {
            throw yaml.error(at: [K("categories"), K(index), K("name")], "a category named '\(category.name)' is already defined")
        }
        var roomNames = Set<String>()
        for (index, room) in rooms.enumerated() {
            let at: [any CodingKey] = [K("rooms"), K(index)]
            guard roomNames.insert(room.name.lowercased()).inserted else {
                throw yaml.error(at: at + [K("name")], "a room named '\(room.name)' is already defined")
            }
            guard categoryNames.contains(room.category.lowercased()) else {
                let known = categories.map(\.name).joined(separator: ", ")
                throw yaml.error(at: at + [K("category")], "no category named '\(room.category)' (defined: \(known.isEmpty ? "none" : known))")
            }
        }
    }
}
