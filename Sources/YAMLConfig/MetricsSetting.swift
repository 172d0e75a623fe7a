/// `metrics` in server.yaml and host.yaml: the address of the daemon's operations listener (`/metrics`, `/health`,
/// `/ready`).
public struct MetricsSetting: Sendable, Equatable, Decodable {
    /// `metrics.listen`, `HOST:PORT`.
    public var listen: HostAndPort

    public init(listen: HostAndPort) {
        self.listen = listen
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case listen }
}
