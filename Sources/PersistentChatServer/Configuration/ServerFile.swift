import YAMLConfig

/// server.yaml as written: the keys docs/configuration.md lists, each decoded into its type and checked on its own.
/// ``ServerConfigurationLoader`` checks what spans keys and resolves paths.
struct ServerFile: Decodable {
    /// The SIP domain, trimmed and lowercased.
    var domain: String
    var displayName: String?
    var listen: HostAndPort?
    var data: String?
    var directory: Directory
    var limits: ServerLimits?
    var categories: [CategoryDefinition]?
    var rooms: [RoomDefinition]?
    var systemUsers: [String]?
    var tls: TLSFiles?
    var insecurePlaintext: Bool?
    /// How pchatd writes its log (`--log-format` wins); read before the file is loaded.
    var logFormat: LogFormat?
    /// `metrics.listen`: where `/metrics`, `/health` and `/ready` are served on a listener of their own.
    var metrics: MetricsSetting?
    var webClient: WebClientSettings?
    var addIns: [AddInDefinition]?

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case domain, displayName = "display_name", listen, data, directory, limits, categories, rooms, systemUsers = "system_users"
        case tls, insecurePlaintext = "insecure_plaintext", logFormat = "log_format", metrics
        case webClient = "web_client", addIns = "add_ins"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let domain = try container.decode(String.self, forKey: .domain)
        self.domain = domain.trimmingCharacters(in: .whitespaces).lowercased()
        guard !self.domain.isEmpty, !self.domain.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" }) else {
            throw DecodingError.dataCorruptedError(forKey: .domain, in: container, debugDescription: "'\(domain)' is not a domain name")
        }
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        listen = try container.decodeIfPresent(HostAndPort.self, forKey: .listen)
        logFormat = try container.decodeIfPresent(LogFormat.self, forKey: .logFormat)
        data = try container.decodeIfPresent(String.self, forKey: .data)
        directory = try container.decode(Directory.self, forKey: .directory)
        limits = try container.decodeIfPresent(ServerLimits.self, forKey: .limits)
        categories = try container.decodeIfPresent([CategoryDefinition].self, forKey: .categories)
        rooms = try container.decodeIfPresent([RoomDefinition].self, forKey: .rooms)
        systemUsers = try container.decodeIfPresent([String].self, forKey: .systemUsers)
        tls = try container.decodeIfPresent(TLSFiles.self, forKey: .tls)
        insecurePlaintext = try container.decodeIfPresent(Bool.self, forKey: .insecurePlaintext)
        metrics = try container.decodeIfPresent(MetricsSetting.self, forKey: .metrics)
        webClient = try container.decodeIfPresent(WebClientSettings.self, forKey: .webClient)
        addIns = try container.decodeIfPresent([AddInDefinition].self, forKey: .addIns)
    }
}
