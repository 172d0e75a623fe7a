import Foundation
import Logging
import PersistentChat
import YAMLConfig
import Yams

/// Reads the room files of a host: each names one of the host's endpoints, and its bots are made and checked.
struct RoomFileLoader {
    /// host.yaml, for the `defaults` under each bot entry.
    let hostFile: YAMLConfigFile
    /// The host's endpoint URIs, lowercased.
    let endpoints: [String]
    let registry: BotRegistry
    let logger: Logger

    /// Every `*.yaml` and `*.yml` file of `folder`, in name order.
    func rooms(in folder: String) throws(ConfigError) -> [HostConfiguration.Room] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw hostFile.error(at: [ConfigKey("rooms")], "cannot list room folder \(folder)")
        }
        var rooms: [HostConfiguration.Room] = []
        for name in names {
            rooms.append(try room(at: URL(fileURLWithPath: folder).appendingPathComponent(name).path))
        }
        return rooms
    }

    /// The room file at `path`.
    func room(at path: String) throws(ConfigError) -> HostConfiguration.Room {
        typealias K = ConfigKey
        let yaml = try YAMLConfigFile(path: path)
        let file = try yaml.decode(RoomFile.self)
        let endpoint = file.endpoint.lowercased()
        guard endpoints.contains(endpoint) else {
            throw yaml.error(at: [K("endpoint")], "\(file.endpoint) is not one of the host's endpoints (\(endpoints.joined(separator: ", ")))")
        }
        if file.bots.isEmpty { throw yaml.error(at: [K("bots")], "list at least one bot") }
        let context = BotSetupContext(room: file.room, endpointUri: endpoint, logger: logger.with(room: file.room))
        let commands = RoomCommandSettings(file.commands, endpoint: endpoint)
        let bots = try RoomBots(hostFile: hostFile, registry: registry)
            .make(file.bots, in: yaml, at: [K("bots")], context: context, commands: commands)
        var room = HostConfiguration.Room(file: path, room: file.room, endpoint: endpoint, addressing: commands.addressing, bots: bots)
        room.permissions = try file.permissions.map { entry throws(ConfigError) in try permissions(entry, bots: bots, yaml: yaml) }
        room.rateLimits = file.rateLimits?.limits ?? RateLimitMiddleware.Limits()
        // The room's text and the defaults its bot types take from host.yaml: a change of either restarts it.
        let layered = Set(file.bots.map(\.type)).sorted().compactMap { type in
            hostFile.node(at: [K("defaults"), K(type)]).flatMap { try? Yams.serialize(node: $0) }.map { "\(type): \($0)" }
        }
        room.fingerprint = yaml.text + layered.joined()
        return room
    }

    /// A room's `permissions`: every command named is one that a bot of the room declares.
    private func permissions(_ entry: PermissionsEntry, bots: [BotInstance], yaml: YAMLConfigFile) throws(ConfigError) -> PermissionRules {
        var rules = PermissionRules(denyByDefault: entry.default == .deny)
        for (command, principals) in (entry.commands ?? [:]).sorted(by: { $0.key < $1.key }) {
            let name = command.lowercased()
            guard name == "*" || bots.contains(where: { $0.commands.command(calledBy: name)?.declaration.name == name }) else {
                throw yaml.error(at: [ConfigKey("permissions"), ConfigKey("commands"), ConfigKey(command)],
                                 "no bot in this room declares a command '\(command)' (aliases do not count: use the command's name)")
            }
            rules.commands[name] = principals
        }
        return rules
    }
}

extension Logger {
    func with(room: String) -> Logger {
        var copy = self
        copy[metadataKey: "room"] = "\(room)"
        return copy
    }
}
