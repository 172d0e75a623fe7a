import YAMLConfig

/// server.yaml's `web_client`: the browser client pchatd serves on its chat port, and the session tokens it signs in
/// with (docs/configuration.md).
public struct WebClientSettings: Sendable, Equatable {
    /// Whether pchatd serves the web client at `/` on its chat port.
    public var enabled = true
    /// The address users reach the web client at (`https://chat.contoso.com/`, ending in `/`): the base of
    /// `roomManagementUrl`. Nil: `http(s)://HOST:PORT/` from `listen`.
    public var publicURL: String?
    /// How long a session token signs in, in hours (1–720).
    public var sessionTokenHours = 12
    /// A folder to serve the client from instead of the copy built into pchatd (an absolute path once loaded).
    public var assetsFolder: String?

    public init() {}
}

extension WebClientSettings: Decodable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, publicURL = "public_url", sessionTokenHours = "session_token_hours", assets
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
        publicURL = try container.decodeWebAddressIfPresent(forKey: .publicURL).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        try container.decode(.sessionTokenHours, within: 1...720, unit: " hours", into: &sessionTokenHours)
        assetsFolder = try container.decodeIfPresent(String.self, forKey: .assets)
    }
}
