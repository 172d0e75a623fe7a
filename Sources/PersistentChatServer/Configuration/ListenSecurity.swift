import YAMLConfig

/// The rule that keeps clear text off the network: a `listen` address that is not loopback needs `tls`, or an
/// explicit `insecure_plaintext: true` (a TLS-terminating proxy in front).
enum ListenSecurity {
    /// Throws naming the file and `listen` when `configuration` would serve clear text beyond this machine.
    static func check(_ configuration: ServerConfiguration, yaml: YAMLConfigFile) throws(ConfigError) {
        guard configuration.tls == nil, !configuration.insecurePlaintext, !isLoopback(configuration.host) else { return }
        throw yaml.error(at: [ConfigKey("listen")], refusal(host: configuration.host))
    }

    static func refusal(host: String) -> String {
        "\(host) is not a loopback address and there is no tls, so passwords and messages would cross the network in "
            + "clear text; add tls: {certificate: PATH, key: PATH}, or, with a TLS-terminating proxy in front, set "
            + "insecure_plaintext: true"
    }

    /// `localhost`, `127.0.0.0/8`, `::1` (and `::ffff:127.x.y.z`).
    static func isLoopback(_ host: String) -> Bool {
        HostAndPort.isLoopback(host: host)
    }
}
