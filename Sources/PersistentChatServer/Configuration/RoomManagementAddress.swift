/// Where the web client's room management view is (`ServerInfo.roomManagementUrl`, Lync `RoomManagementUrl`): the
/// client's base address followed by `#/manage`. The base is `web_client.public_url` when set; otherwise, while pchatd
/// serves the client, `http(s)://HOST:PORT/` from `listen` and the port bound. A wildcard host (`0.0.0.0`, `::`) names
/// no address a client could use, so there is then no URL.
enum RoomManagementAddress {
    /// The room management URL for `configuration` served on `port`; nil when there is none to give.
    static func url(for configuration: ServerConfiguration, port: Int?) -> String? {
        if let base = configuration.webClient.publicURL { return base + route }
        guard configuration.webClient.enabled, let port, port > 0, !isWildcard(configuration.host) else { return nil }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "\(configuration.tls == nil ? "http" : "https")://\(host):\(port)/" + route
    }

    /// The web client's route to the view, after the base address.
    static let route = "#/manage"

    private static func isWildcard(_ host: String) -> Bool {
        ["0.0.0.0", "::", "0:0:0:0:0:0:0:0", ""].contains(host)
    }
}
