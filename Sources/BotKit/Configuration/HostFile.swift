import YAMLConfig

/// host.yaml as written (docs/configuration.md, "host.yaml"): each key decoded into its type and checked on its own.
/// The host file loader reads the secrets, resolves paths and checks what needs the registry.
struct HostFile: Decodable {
    var server: ServerSetting?
    var tls: ServerTLSSetting?
    var embedded: String?
    var endpoints: [Endpoint]
    var rooms: String?
    var invitations: Invitations?
    var ledger: LedgerSetting?
    var reconnect: Reconnect?
    var outbound: Outbound?
    var defaults: BotTypeDefaults?
    var webhooks: Webhooks?
    var queues: Queues?
    var storage: Storage?
    /// How bothost writes its log (`--log-format` wins); read before the file is loaded.
    var logFormat: LogFormat?
    var metrics: MetricsSetting?

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case tls
        case server, embedded, endpoints, rooms, invitations, ledger, reconnect, outbound, defaults, webhooks
        case queues, storage, logFormat = "log_format", metrics
    }

    /// `server`: a running pchatd, or one run in the process.
    enum ServerSetting: Decodable, Equatable {
        case embedded
        /// A `ws://` or `wss://` address.
        case url(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            switch try container.decode(String.self) {
            case "embedded": self = .embedded
            case let url where url.hasPrefix("ws://") || url.hasPrefix("wss://"): self = .url(url)
            case let other:
                throw DecodingError.dataCorruptedError(in: container,
                                                       debugDescription: "expected a ws://HOST:PORT address or 'embedded', got '\(other)'")
            }
        }
    }

    /// `tls`: how the host verifies a `wss://` server's certificate.
    struct ServerTLSSetting: Decodable {
        /// A PEM file of the certificate authorities to trust instead of the system's.
        var caFile: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case caFile = "ca_file" }
    }

    /// An identity the host connects as: a `sip:` URI and where its password is.
    struct Endpoint: Decodable {
        var uri: String
        var password: SecretSource

        enum CodingKeys: String, CodingKey, CaseIterable { case uri, passwordEnv = "password_env", passwordFile = "password_file" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            uri = try container.decode(String.self, forKey: .uri)
            guard uri.lowercased().hasPrefix("sip:") else {
                throw DecodingError.dataCorruptedError(forKey: .uri, in: container, debugDescription: "expected a sip: URI, got '\(uri)'")
            }
            password = try SecretSource(from: container, environmentKey: .passwordEnv, fileKey: .passwordFile)
        }
    }

    /// `invitations`: which invitations are accepted, and the bots run in the rooms joined through them.
    struct Invitations: Decodable {
        var accept: Bool
        /// SIP URI patterns with `*` wildcards.
        var from: [String]?
        var rooms: [String]?
        var categories: [String]?
        var bots: [BotEntry]?

        enum CodingKeys: String, CodingKey, CaseIterable { case accept, from, rooms, categories, bots }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            accept = try container.decode(Bool.self, forKey: .accept)
            from = try container.decodeIfPresent([String].self, forKey: .from)
            for (index, pattern) in (from ?? []).enumerated() where !pattern.lowercased().hasPrefix("sip:") {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: container.codingPath + [CodingKeys.from, ConfigKey(index)],
                    debugDescription: "expected a sip: URI pattern such as sip:*@contoso.com, got '\(pattern)'"))
            }
            rooms = try container.decodeIfPresent([String].self, forKey: .rooms)
            categories = try container.decodeIfPresent([String].self, forKey: .categories)
            bots = try container.decodeIfPresent([BotEntry].self, forKey: .bots)
        }
    }

    /// `ledger`: a file, or `off`.
    enum LedgerSetting: Decodable, Equatable {
        case off
        case file(String)

        init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            self = text == "off" ? .off : .file(text)
        }
    }

    /// `reconnect`: the waits between attempts.
    struct Reconnect: Decodable {
        var backoff = ReconnectBackoff()

        enum CodingKeys: String, CodingKey, CaseIterable { case initial, max }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let initial = try container.decodeIfPresent(ConfigDuration.self, forKey: .initial) { backoff.initial = initial.duration }
            if let maximum = try container.decodeIfPresent(ConfigDuration.self, forKey: .max) { backoff.maximum = maximum.duration }
            guard backoff.maximum >= backoff.initial else {
                throw DecodingError.dataCorruptedError(forKey: .max, in: container, debugDescription: "must not be shorter than reconnect.initial")
            }
        }
    }

    /// `outbound`: the most replies per room and per endpoint.
    struct Outbound: Decodable {
        var room: RateSetting?
        var server: RateSetting?

        enum CodingKeys: String, CodingKey, CaseIterable { case room, server }
    }

    /// `webhooks`: where the host serves its bots' webhooks, and the token callers give.
    struct Webhooks: Decodable {
        var listen: HostAndPort
        var token: SecretSource
        /// Serve `https://` with this certificate and key.
        var tls: TLSFiles?
        /// Serve clear text on a non-loopback address (a TLS-terminating proxy in front).
        var insecurePlaintext: Bool

        enum CodingKeys: String, CodingKey, CaseIterable {
            case listen, tokenEnv = "token_env", tokenFile = "token_file", tls, insecurePlaintext = "insecure_plaintext"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            listen = try container.decode(HostAndPort.self, forKey: .listen)
            token = try SecretSource(from: container, environmentKey: .tokenEnv, fileKey: .tokenFile)
            tls = try container.decodeIfPresent(TLSFiles.self, forKey: .tls)
            insecurePlaintext = try container.decodeIfPresent(Bool.self, forKey: .insecurePlaintext) ?? false
        }
    }
}

/// host.yaml's `defaults`: a mapping of bot types to mappings of their default options (checked under each bot entry
/// of the type; the loader checks that each type is registered).
struct BotTypeDefaults: Decodable {
    /// The bot types named, in file order.
    var types: [String]

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: ConfigKey.self) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected a mapping of bot types to their default options"))
        }
        types = container.allKeys.map(\.stringValue)
        for type in container.allKeys { _ = try container.decode(Options.self, forKey: type) }
    }

    /// One type's options: read by the bot, under each entry of its type.
    private struct Options: SharedMapping {
        init(from decoder: any Decoder) throws {
            guard let container = try? decoder.container(keyedBy: ConfigKey.self) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a mapping of the bot's options"))
            }
            if container.allKeys.contains(where: { BotEntry.CodingKeys(rawValue: $0.stringValue) != nil }) {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "type and id belong in room files, not in defaults"))
            }
        }
    }
}
