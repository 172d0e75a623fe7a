import YAMLConfig

extension PersistentChatServer {
    /// Reads server.yaml's `tls.certificate` and `tls.key` again: connections accepted from now on are served with
    /// the renewed pair, established ones keep theirs. Throws ``ConfigError`` naming the key and reason when the new
    /// files cannot be read or do not make a pair, and the previous certificate stays; does nothing without `tls`.
    public func reloadCertificate() throws(ConfigError) {
        try tls?.reload()
    }
}
