import Foundation
import Logging
import PersistentChat
import YAMLConfig
import Yams

/// Reads `host.yaml` and every `*.yaml` in its rooms folder (``RoomFileLoader``), refusing unknown keys and checking
/// each bot entry against the registry.
package enum HostConfigurationLoader {
    /// Loads the host file at `path`, resolving relative paths from its folder.
    package static func load(path: String, registry: BotRegistry, environment: [String: String] = ProcessInfo.processInfo.environment,
                             logger: Logger) throws(ConfigError) -> HostConfiguration {
        typealias K = ConfigKey
        let yaml = try YAMLConfigFile(path: path)
        let file = try yaml.decode(HostFile.self)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardizedFileURL.path }

        let server: HostConfiguration.Server = switch file.server ?? .embedded {
        case .embedded: .embedded(configFile: resolve(file.embedded ?? "server.yaml"))
        case .url(let url): .url(url)
        }
        let endpoints = try endpoints(file.endpoints, yaml: yaml, environment: environment, resolve: resolve)
        SecretSource.warnAboutExposedFiles(in: file, resolve: resolve, logger: logger)
        let invitations = try invitationPolicy(file.invitations, yaml: yaml, endpoints: endpoints, registry: registry, logger: logger)
        for type in file.defaults?.types ?? [] where registry.factory(for: type) == nil {
            throw yaml.error(at: [K("defaults"), K(type)], "unknown bot type '\(type)' (registered: \(registry.typeNames.joined(separator: ", ")))")
        }
        let roomsFolder = resolve(file.rooms ?? "rooms")
        let rooms = try RoomFileLoader(hostFile: yaml, endpoints: endpoints.map(\.uri), registry: registry, logger: logger)
            .rooms(in: roomsFolder)
        let ledgerPath: String? = switch file.ledger {
        case nil: resolve("state/ledger.sqlite")
        case .off?: nil
        case .file(let other)?: resolve(other)
        }
        let webhooks = try file.webhooks.map { entry throws(ConfigError) in
            try webhookSettings(entry, yaml: yaml, environment: environment, resolve: resolve)
        }
        return HostConfiguration(server: server, serverTrust: ServerTrust(caFile: file.tls?.caFile.map(resolve)),
                                 endpoints: endpoints, invitations: invitations, roomsFolder: roomsFolder,
                                 ledgerPath: ledgerPath, reconnect: file.reconnect?.backoff ?? ReconnectBackoff(),
                                 outboundPerRoom: (file.outbound?.room ?? .limited(Rate(count: 20, per: .seconds(1)))).rate,
                                 outboundPerServer: (file.outbound?.server ?? .limited(Rate(count: 200, per: .seconds(1)))).rate,
                                 queues: file.queues?.bounds ?? QueueBounds(), storage: file.storage?.limits ?? StorageLimits(),
                                 webhooks: webhooks,
                                 operations: file.metrics.map { .init(host: $0.listen.host, port: $0.listen.port) },
                                 rooms: rooms, sourceFile: path)
    }

    /// The endpoints, each listed once, with their passwords read.
    private static func endpoints(_ entries: [HostFile.Endpoint], yaml: YAMLConfigFile, environment: [String: String],
                                  resolve: (String) -> String) throws(ConfigError) -> [HostConfiguration.Endpoint] {
        typealias K = ConfigKey
        var endpoints: [HostConfiguration.Endpoint] = []
        for (index, entry) in entries.enumerated() {
            let at: [any CodingKey] = [K("endpoints"), K(index)]
            if endpoints.contains(where: { $0.uri == entry.uri.lowercased() }) {
                throw yaml.error(at: at + [K("uri")], "endpoint \(entry.uri) is listed twice")
            }
            let (password, source) = try entry.password.read(name: "password", at: at, in: yaml, environment: environment, resolve: resolve)
            endpoints.append(.init(uri: entry.uri.lowercased(), password: password, passwordSource: source, file: yaml.path,
                                   key: ConfigKeyPath.render(at)))
        }
        if endpoints.isEmpty { throw yaml.error(at: [K("endpoints")], "list at least one endpoint") }
        return endpoints
    }

    /// host.yaml's `invitations`; when `accept` is on, its `bots` are made once here so that a fault stops start-up
    /// rather than the first invitation.
    private static func invitationPolicy(_ entry: HostFile.Invitations?, yaml: YAMLConfigFile, endpoints: [HostConfiguration.Endpoint],
                                         registry: BotRegistry, logger: Logger) throws(ConfigError) -> HostConfiguration.InvitationPolicy {
        var policy = HostConfiguration.InvitationPolicy(accept: entry?.accept ?? false, from: entry?.from ?? [])
        policy.rooms = entry?.rooms ?? []
        policy.categories = entry?.categories ?? []
        guard policy.accept else { return policy }
        guard let bots = entry?.bots, !bots.isEmpty else {
            throw yaml.error(at: [ConfigKey("invitations"), ConfigKey("bots")], "list the bots to run in rooms joined through invitations")
        }
        let section = yaml.node(at: [ConfigKey("invitations")]).flatMap { try? Yams.serialize(node: $0) } ?? ""
        let template = InvitationTemplate(hostPath: yaml.path, hostText: yaml.text, fingerprint: section, bots: bots,
                                          registry: registry, logger: logger)
        _ = try template.room(uri: nil, name: "(invited room)", endpoint: endpoints.first?.uri ?? "")
        policy.template = template
        return policy
    }

    /// host.yaml's `webhooks`, with its token read: at least 16 characters.
    private static func webhookSettings(_ entry: HostFile.Webhooks, yaml: YAMLConfigFile, environment: [String: String],
                                        resolve: (String) -> String) throws(ConfigError) -> HostConfiguration.WebhookSettings {
        let at: [any CodingKey] = [ConfigKey("webhooks")]
        guard entry.tls != nil || entry.insecurePlaintext || HostAndPort.isLoopback(host: entry.listen.host) else {
            throw yaml.error(at: at + [ConfigKey("listen")], "\(entry.listen.host) is not a loopback address and there is no tls, so "
                + "the webhook token would cross the network in clear text; add tls: {certificate: PATH, key: PATH}, or, "
                + "with a TLS-terminating proxy in front, set insecure_plaintext: true")
        }
        let (token, source) = try entry.token.read(name: "token", at: at, in: yaml, environment: environment, resolve: resolve)
        guard token.count >= 16 else {
            throw yaml.error(at: at + [ConfigKey("token" + entry.token.keySuffix)], "the token must have at least 16 characters")
        }
        let tls = entry.tls?.resolved(resolve)
        if let tls { _ = try WebhookTLS.configuration(tls, file: yaml.path) }
        return HostConfiguration.WebhookSettings(host: entry.listen.host, port: entry.listen.port, token: token, tokenSource: source, tls: tls)
    }
}
