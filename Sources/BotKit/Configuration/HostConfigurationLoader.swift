import Foundation
import Logging
import Yams
import YAMLConfig

/// Reads `host.yaml` and every `*.yaml` in its rooms folder, checking each key against the registry.
public enum HostConfigurationLoader {
    private struct File: Decodable {
        var server: String?
        var embedded: String?
        var endpoints: [EndpointEntry]
        var rooms: String?
        var invitations: Invitations?
        var ledger: String?
        var reconnect: ReconnectEntry?
        var outbound: OutboundEntry?
        var webhooks: WebhooksEntry?
    }
    private struct WebhooksEntry: Decodable {
        var listen: String
        var token_env: String?
        var token_file: String?
    }
    private struct OutboundEntry: Decodable {
        var room: String?
        var server: String?
    }
    private struct ReconnectEntry: Decodable {
        var initial: String?
        var max: String?
    }
    private struct EndpointEntry: Decodable {
        var uri: String
        var password_env: String?
        var password_file: String?
    }
    private struct Invitations: Decodable {
        var accept: Bool
        var from: [String]?
        var rooms: [String]?
        var categories: [String]?
        var bots: [BotEntry]?
    }
    private struct RoomFile: Decodable {
        var room: String
        var endpoint: String
        var commands: CommandsEntry?
        var permissions: PermissionsEntry?
        var rate_limits: RateLimitsEntry?
        var bots: [BotEntry]
    }
    private struct PermissionsEntry: Decodable {
        var `default`: String?
        var commands: [String: [String]]?
    }
    private struct RateLimitsEntry: Decodable {
        var user: String?
        var room: String?
        var bot: String?
    }
    struct CommandsEntry: Decodable {
        var prefix: String?
        var mention: Bool?
        var help: Bool?
        var unknown: String?
    }
    struct BotEntry: Decodable, Sendable {
        var type: String
        var id: String?
    }
    private struct SupervisionEntry: Decodable {
        var timeout: String?
        var concurrency: Int?
        var breaker: BreakerEntry?
    }
    private struct BreakerEntry: Decodable {
        var failures: Int?
        var cool_down: String?
    }

    /// Loads the host file at `path`, resolving relative paths from its folder.
    public static func load(path: String, registry: BotRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger) throws(ConfigError) -> HostConfiguration {
        typealias K = KeyPath.Key
        let yaml = try YAMLConfigFile(path: path)
        try yaml.checkKeys(at: [], allowed: ["server", "embedded", "endpoints", "rooms", "invitations", "ledger", "reconnect", "outbound", "defaults", "webhooks"])
        try yaml.checkKeys(at: [K("webhooks")], allowed: ["listen", "token_env", "token_file"])
        try yaml.checkKeys(at: [K("reconnect")], allowed: ["initial", "max"])
        try yaml.checkKeys(at: [K("outbound")], allowed: ["room", "server"])
        for index in 0..<yaml.count(at: [K("endpoints")]) {
            try yaml.checkKeys(at: [K("endpoints"), K(index)], allowed: ["uri", "password_env", "password_file"])
        }
        try yaml.checkKeys(at: [K("invitations")], allowed: ["accept", "from", "rooms", "categories", "bots"])
        let file = try yaml.decode(File.self)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardizedFileURL.path }

        let server: HostConfiguration.Server
        switch file.server ?? "embedded" {
        case "embedded":
            server = .embedded(configFile: resolve(file.embedded ?? "server.yaml"))
        case let url where url.hasPrefix("ws://") || url.hasPrefix("wss://"):
            server = .url(url)
        case let other:
            throw yaml.error(at: [K("server")], "expected a ws://HOST:PORT address or 'embedded', got '\(other)'")
        }

        var endpoints: [HostConfiguration.Endpoint] = []
        for (index, entry) in file.endpoints.enumerated() {
            let at: [any CodingKey] = [K("endpoints"), K(index)]
            guard entry.uri.lowercased().hasPrefix("sip:") else {
                throw yaml.error(at: at + [K("uri")], "expected a sip: URI, got '\(entry.uri)'")
            }
            if endpoints.contains(where: { $0.uri.lowercased() == entry.uri.lowercased() }) {
                throw yaml.error(at: at + [K("uri")], "endpoint \(entry.uri) is listed twice")
            }
            let (password, source) = try secret("password", env: entry.password_env, file: entry.password_file, at: at, yaml: yaml,
                                                environment: environment, resolve: resolve)
            endpoints.append(.init(uri: entry.uri.lowercased(), password: password, passwordSource: source, file: path,
                                   key: KeyPath.render(at)))
        }
        if endpoints.isEmpty { throw yaml.error(at: [K("endpoints")], "list at least one endpoint") }

        let invitations = try invitationPolicy(file.invitations, yaml: yaml, endpoints: endpoints, registry: registry, logger: logger)
        let roomsFolder = resolve(file.rooms ?? "rooms")
        try checkDefaults(yaml, registry: registry)
        let rooms = try loadRooms(folder: roomsFolder, hostFile: yaml, endpoints: endpoints, registry: registry, logger: logger)
        let ledgerPath: String? = switch file.ledger {
        case nil: resolve("state/ledger.sqlite")
        case "off"?: nil
        case let other?: resolve(other)
        }
        var reconnect = ReconnectBackoff()
        if let text = file.reconnect?.initial {
            reconnect.initial = try duration(text, yaml: yaml, at: [K("reconnect"), K("initial")])
        }
        if let text = file.reconnect?.max {
            reconnect.maximum = try duration(text, yaml: yaml, at: [K("reconnect"), K("max")])
        }
        guard reconnect.maximum >= reconnect.initial else {
            throw yaml.error(at: [K("reconnect"), K("max")], "must not be shorter than reconnect.initial")
        }
        let outboundRoom = try rate(file.outbound?.room ?? "20/s", yaml: yaml, at: [K("outbound"), K("room")])
        let outboundServer = try rate(file.outbound?.server ?? "200/s", yaml: yaml, at: [K("outbound"), K("server")])
        let webhooks = try file.webhooks.map { entry throws(ConfigError) in
            try webhookSettings(entry, yaml: yaml, environment: environment, resolve: resolve)
        }
        return HostConfiguration(server: server, endpoints: endpoints, invitations: invitations, roomsFolder: roomsFolder,
                                 ledgerPath: ledgerPath, reconnect: reconnect, outboundPerRoom: outboundRoom,
                                 outboundPerServer: outboundServer, webhooks: webhooks, rooms: rooms, sourceFile: path)
    }

    /// A secret given as `NAME_env` (an environment variable) or `NAME_file` (a file whose first line that is not blank
    /// or a `#` comment is the secret), never inline; returns it and where it came from (for messages).
    private static func secret(
        _ name: String, env: String?, file: String?, at: [any CodingKey], yaml: YAMLConfigFile, environment: [String: String],
        resolve: (String) -> String
    ) throws(ConfigError) -> (value: String, source: String) {
        typealias K = KeyPath.Key
        switch (env, file) {
        case (let variable?, nil):
            guard let value = environment[variable], !value.isEmpty else {
                throw yaml.error(at: at + [K("\(name)_env")], "environment variable \(variable) is not set")
            }
            return (value, "environment variable \(variable)")
        case (nil, let file?):
            let full = resolve(file)
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw yaml.error(at: at + [K("\(name)_file")], "cannot read \(full)")
            }
            guard let value = PasswordFile.password(in: text) else {
                throw yaml.error(at: at + [K("\(name)_file")], "\(full) holds no \(name)")
            }
            return (value, full)
        case (nil, nil):
            throw yaml.error(at: at, "give \(name)_env or \(name)_file (\(name)s are never written inline)")
        case (_?, _?):
            throw yaml.error(at: at, "give \(name)_env or \(name)_file, not both")
        }
    }

    private static func loadRooms(
        folder: String, hostFile: YAMLConfigFile, endpoints: [HostConfiguration.Endpoint], registry: BotRegistry, logger: Logger
    ) throws(ConfigError) -> [HostConfiguration.Room] {
        typealias K = KeyPath.Key
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw hostFile.error(at: [K("rooms")], "cannot list room folder \(folder)")
        }
        var rooms: [HostConfiguration.Room] = []
        for name in names {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            let yaml = try YAMLConfigFile(path: path)
            try yaml.checkKeys(at: [], allowed: ["room", "endpoint", "commands", "permissions", "rate_limits", "bots"])
            try yaml.checkKeys(at: [K("commands")], allowed: ["prefix", "mention", "help", "unknown"])
            try yaml.checkKeys(at: [K("permissions")], allowed: ["default", "commands"])
            try yaml.checkKeys(at: [K("rate_limits")], allowed: ["user", "room", "bot"])
            let file = try yaml.decode(RoomFile.self)
            guard endpoints.contains(where: { $0.uri == file.endpoint.lowercased() }) else {
                let known = endpoints.map(\.uri).joined(separator: ", ")
                throw yaml.error(at: [K("endpoint")], "\(file.endpoint) is not one of the host's endpoints (\(known))")
            }
            if file.bots.isEmpty { throw yaml.error(at: [K("bots")], "list at least one bot") }
            let context = BotSetupContext(room: file.room, endpointUri: file.endpoint.lowercased(),
                                          logger: logger.with(room: file.room))
            let commands = try commandSettings(file.commands, endpoint: file.endpoint, yaml: yaml)
            let bots = try roomBots(file.bots, in: yaml, at: [K("bots")], hostFile: hostFile, registry: registry, context: context,
                                    commands: commands)
            var room = HostConfiguration.Room(file: path, room: file.room, endpoint: file.endpoint.lowercased(),
                                              addressing: commands.addressing, bots: bots)
            room.permissions = try permissions(file.permissions, bots: bots, yaml: yaml)
            // The room's text and the defaults its bot types take from host.yaml: a change of either restarts it.
            let layered = Set(file.bots.map(\.type)).sorted().compactMap { type in
                hostFile.node(at: [K("defaults"), K(type)]).flatMap { try? Yams.serialize(node: $0) }.map { "\(type): \($0)" }
            }
            room.fingerprint = yaml.text + layered.joined()
            if let limits = file.rate_limits {
                room.rateLimits = RateLimitMiddleware.Limits(
                    user: try limits.user.flatMap { text throws(ConfigError) in try rate(text, yaml: yaml, at: [K("rate_limits"), K("user")]) },
                    room: try limits.room.flatMap { text throws(ConfigError) in try rate(text, yaml: yaml, at: [K("rate_limits"), K("room")]) },
                    bot: try limits.bot.flatMap { text throws(ConfigError) in try rate(text, yaml: yaml, at: [K("rate_limits"), K("bot")]) })
            }
            rooms.append(room)
        }
        return rooms
    }
}

extension HostConfigurationLoader {
    /// A room's bot instances from the entries at `base` (a room file's `bots`, or host.yaml's `invitations.bots`):
    /// each made by its type's factory over host.yaml's defaults, checked, and named; then the room's help.
    static func roomBots(_ entries: [BotEntry], in yaml: YAMLConfigFile, at base: [any CodingKey], hostFile: YAMLConfigFile,
                         registry: BotRegistry, context: BotSetupContext, commands: CommandSettings) throws(ConfigError) -> [BotInstance] {
        typealias K = KeyPath.Key
        var bots: [BotInstance] = []
        for (index, entry) in entries.enumerated() {
            let name = entry.id ?? "\(entry.type)#\(index)"
            let at: [any CodingKey] = base + [K(index)]
            guard let factory = registry.factory(for: entry.type) else {
                throw yaml.error(at: at + [K("type")],
                                 "unknown bot type '\(entry.type)' (registered: \(registry.typeNames.joined(separator: ", ")))")
            }
            guard let entryNode = yaml.node(at: at) else { continue }
            let defaults = hostFile.node(at: [K("defaults"), K(entry.type)])
            let node = BotDefaults.layer(entryNode, over: defaults)
            do {
                var bot = try factory(yaml, node, at, context)
                bot.supervision = try supervision(yaml, node: node, at: at)
                bot.name = try instanceName(entry.id, default: name, taken: bots.map(\.name), yaml: yaml, at: at)
                try checkCommands(of: bot, against: bots, yaml: yaml, at: at)
                bots.append(bot)
            } catch let error as ConfigError {
                throw BotDefaults.attribute(error, entry: entryNode, at: at, defaults: defaults, type: entry.type, hostFile: hostFile)
            } catch {
                throw yaml.error(at: at, "\(error)")
            }
        }
        if commands.help, bots.contains(where: { !$0.commands.commands.isEmpty || !$0.commands.patterns.isEmpty }) {
            let help = CommandHelp(addressing: commands.addressing,
                                   entries: bots.flatMap { bot in bot.commands.commands.map { .init(bot: bot.name, command: $0) } },
                                   listening: bots.flatMap { $0.commands.patterns.compactMap(\.summary) })
            bots.append(.help(help, answerUnknown: commands.answerUnknown))
        }
        return bots
    }

    /// The entry's `timeout`, `concurrency` and `breaker` keys, each checked, over the defaults.
    private static func supervision(_ yaml: YAMLConfigFile, node: Node, at: [any CodingKey]) throws(ConfigError) -> SupervisionPolicy {
        typealias K = KeyPath.Key
        try yaml.checkKeys(at: at + [K("breaker")], allowed: ["failures", "cool_down"])
        let entry = try yaml.decode(SupervisionEntry.self, from: node, at: at)
        var policy = SupervisionPolicy()
        if let timeout = entry.timeout { policy.timeout = try duration(timeout, yaml: yaml, at: at + [K("timeout")]) }
        if let concurrency = entry.concurrency {
            guard (1...64).contains(concurrency) else {
                throw yaml.error(at: at + [K("concurrency")], "expected 1 to 64 calls at once, got \(concurrency)")
            }
            policy.concurrency = concurrency
        }
        if let failures = entry.breaker?.failures {
            guard (1...1000).contains(failures) else {
                throw yaml.error(at: at + [K("breaker"), K("failures")], "expected 1 to 1000 failures in a row, got \(failures)")
            }
            policy.breakerFailures = failures
        }
        if let coolDown = entry.breaker?.cool_down {
            policy.breakerCoolDown = try duration(coolDown, yaml: yaml, at: at + [K("breaker"), K("cool_down")])
        }
        return policy
    }

    /// A duration key's value, between 1 ms and 24 h.
    private static func duration(_ text: String, yaml: YAMLConfigFile, at key: [any CodingKey]) throws(ConfigError) -> Duration {
        guard let value = DurationText.parse(text), value > .zero, value <= .seconds(86_400) else {
            throw yaml.error(at: key, "expected a duration between 1ms and 24h such as 30s or 500ms, got '\(text)'")
        }
        return value
    }

    /// The entry's `id`, checked: the ledger and reply ids are keyed by it, so it must be short, plain and unique
    /// in its room.
    private static func instanceName(_ id: String?, default name: String, taken: [String], yaml: YAMLConfigFile,
                                     at: [any CodingKey]) throws(ConfigError) -> String {
        typealias K = KeyPath.Key
        guard let id else { return name }
        guard id != HelpInstance.name else {
            throw yaml.error(at: at + [K("id")], "'\(id)' is the name of the room's built-in help; choose another")
        }
        let allowed = id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        guard (1...64).contains(id.count), allowed else {
            throw yaml.error(at: at + [K("id")], "expected 1 to 64 letters, digits, '-', '_' or '.', got '\(id)'")
        }
        guard !taken.contains(id) else {
            throw yaml.error(at: at + [K("id")], "another bot in this room is already named '\(id)'")
        }
        return id
    }
}

extension Logger {
    func with(room: String) -> Logger {
        var copy = self
        copy[metadataKey: "room"] = "\(room)"
        return copy
    }
}

extension HostConfigurationLoader {
    /// A room's `commands` keys, checked, over the defaults.
    struct CommandSettings {
        var addressing: CommandAddressing
        var help: Bool
        var answerUnknown: Bool
    }

    static func commandSettings(_ entry: CommandsEntry?, endpoint: String, yaml: YAMLConfigFile) throws(ConfigError) -> CommandSettings {
        typealias K = KeyPath.Key
        let prefix = entry?.prefix ?? "!"
        guard (1...4).contains(prefix.count), !prefix.contains(where: { $0.isWhitespace || $0.isLetter || $0.isNumber }) else {
            throw yaml.error(at: [K("commands"), K("prefix")], "expected 1 to 4 symbols such as ! or ., got '\(prefix)'")
        }
        let user = endpoint.lowercased().dropFirst("sip:".count).prefix { $0 != "@" }
        let addressing = CommandAddressing(prefix: prefix, mentionNames: entry?.mention ?? true ? [String(user)] : [])
        let answerUnknown: Bool
        switch entry?.unknown ?? "answer" {
        case "answer": answerUnknown = true
        case "ignore": answerUnknown = false
        case let other:
            throw yaml.error(at: [K("commands"), K("unknown")], "expected answer or ignore, got '\(other)'")
        }
        return CommandSettings(addressing: addressing, help: entry?.help ?? true, answerUnknown: answerUnknown)
    }

    /// Refuses a bot whose declarations are faulty, or whose command names another bot in the room already uses.
    private static func checkCommands(of bot: BotInstance, against earlier: [BotInstance], yaml: YAMLConfigFile,
                                      at: [any CodingKey]) throws(ConfigError) {
        if let problem = bot.commands.problems.first {
            throw yaml.error(at: at + [KeyPath.Key("type")], "bot type '\(bot.typeName)' declares a faulty command: \(problem)")
        }
        for (name, command) in bot.commands.names {
            for other in earlier {
                guard let clash = other.commands.command(named: name) else { continue }
                let mine = name == command.declaration.name ? "its command '\(name)'" : "its alias '\(name)' (of '\(command.declaration.name)')"
                let theirs = name == clash.declaration.name ? "a command" : "an alias of '\(clash.declaration.name)'"
                throw yaml.error(at: at, "\(mine) is already \(theirs) of bot '\(other.name)' in this room; give one of them another name")
            }
        }
    }
}

extension HostConfigurationLoader {
    /// host.yaml's `invitations`, checked; when `accept` is on, its `bots` are made once here so that a fault stops
    /// start-up rather than the first invitation.
    private static func invitationPolicy(_ entry: Invitations?, yaml: YAMLConfigFile, endpoints: [HostConfiguration.Endpoint],
                                         registry: BotRegistry, logger: Logger) throws(ConfigError) -> HostConfiguration.InvitationPolicy {
        typealias K = KeyPath.Key
        var policy = HostConfiguration.InvitationPolicy(accept: entry?.accept ?? false, from: entry?.from ?? [])
        policy.rooms = entry?.rooms ?? []
        policy.categories = entry?.categories ?? []
        for (index, pattern) in policy.from.enumerated() where !pattern.lowercased().hasPrefix("sip:") {
            throw yaml.error(at: [K("invitations"), K("from"), K(index)], "expected a sip: URI pattern such as sip:*@contoso.com, got '\(pattern)'")
        }
        guard policy.accept else { return policy }
        guard let bots = entry?.bots, !bots.isEmpty else {
            throw yaml.error(at: [K("invitations"), K("bots")], "list the bots to run in rooms joined through invitations")
        }
        let section = yaml.node(at: [K("invitations")]).flatMap { try? Yams.serialize(node: $0) } ?? ""
        let template = InvitationTemplate(hostPath: yaml.path, hostText: yaml.text, fingerprint: section, bots: bots,
                                          registry: registry, logger: logger)
        _ = try template.room(uri: nil, name: "(invited room)", endpoint: endpoints.first?.uri ?? "")
        policy.template = template
        return policy
    }

    /// host.yaml's `webhooks`: an address to listen on and a token of at least 16 characters, from the environment
    /// or a file (never inline).
    private static func webhookSettings(_ entry: WebhooksEntry, yaml: YAMLConfigFile, environment: [String: String],
                                        resolve: (String) -> String) throws(ConfigError) -> HostConfiguration.WebhookSettings {
        typealias K = KeyPath.Key
        let at: [any CodingKey] = [K("webhooks")]
        guard let colon = entry.listen.lastIndex(of: ":"), let port = Int(entry.listen[entry.listen.index(after: colon)...]),
              (0...65535).contains(port), colon > entry.listen.startIndex else {
            throw yaml.error(at: at + [K("listen")], "expected HOST:PORT such as 127.0.0.1:8089, got '\(entry.listen)'")
        }
        let host = String(entry.listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let (token, source) = try secret("token", env: entry.token_env, file: entry.token_file, at: at, yaml: yaml,
                                         environment: environment, resolve: resolve)
        guard token.count >= 16 else {
            throw yaml.error(at: at + [K(entry.token_env == nil ? "token_file" : "token_env")], "the token must have at least 16 characters")
        }
        return HostConfiguration.WebhookSettings(host: host, port: port, token: token, tokenSource: source)
    }

    /// Each `defaults` key names a registered bot type and holds a mapping of its options.
    private static func checkDefaults(_ yaml: YAMLConfigFile, registry: BotRegistry) throws(ConfigError) {
        typealias K = KeyPath.Key
        guard let defaults = yaml.node(at: [K("defaults")]) else { return }
        guard let mapping = defaults.mapping else {
            throw yaml.error(at: [K("defaults")], "expected a mapping of bot types to their default options")
        }
        for (key, value) in mapping {
            let type = key.string ?? ""
            guard registry.factory(for: type) != nil else {
                throw yaml.error(at: [K("defaults"), K(type)], "unknown bot type '\(type)' (registered: \(registry.typeNames.joined(separator: ", ")))")
            }
            guard value.mapping != nil else {
                throw yaml.error(at: [K("defaults"), K(type)], "expected a mapping of the bot's options")
            }
            if value.mapping?.keys.contains(where: { $0.string == "type" || $0.string == "id" }) == true {
                throw yaml.error(at: [K("defaults"), K(type)], "type and id belong in room files, not in defaults")
            }
        }
    }

    /// A rate key's value (`5/m`), or nil for `off`.
    private static func rate(_ text: String, yaml: YAMLConfigFile, at key: [any CodingKey]) throws(ConfigError) -> Rate? {
        if text == "off" { return nil }
        guard let rate = Rate.parse(text) else {
            throw yaml.error(at: key, "expected a rate such as 5/m, 10/s or 3/10s (or off), got '\(text)'")
        }
        return rate
    }

    /// A room's `permissions`, checked: every entry is a SIP URI, group or role, and every command named is one
    /// that a bot of the room declares.
    private static func permissions(_ entry: PermissionsEntry?, bots: [BotInstance], yaml: YAMLConfigFile) throws(ConfigError) -> PermissionRules? {
        typealias K = KeyPath.Key
        guard let entry else { return nil }
        var rules = PermissionRules()
        switch entry.default ?? "allow" {
        case "allow": rules.denyByDefault = false
        case "deny": rules.denyByDefault = true
        case let other: throw yaml.error(at: [K("permissions"), K("default")], "expected allow or deny, got '\(other)'")
        }
        for (command, list) in (entry.commands ?? [:]).sorted(by: { $0.key < $1.key }) {
            let at: [any CodingKey] = [K("permissions"), K("commands"), K(command)]
            let name = command.lowercased()
            guard name == "*" || bots.contains(where: { $0.commands.command(named: name)?.declaration.name == name }) else {
                throw yaml.error(at: at, "no bot in this room declares a command '\(command)' (aliases do not count: use the command's name)")
            }
            var principals: [PermissionRules.Principal] = []
            for (index, text) in list.enumerated() {
                guard let principal = PermissionRules.Principal(text) else {
                    throw yaml.error(at: at + [K(index)], "expected sip:URI (with * wildcards), group:NAME or role:manager|presenter|member, got '\(text)'")
                }
                principals.append(principal)
            }
            rules.commands[name] = principals
        }
        return rules
    }
}
