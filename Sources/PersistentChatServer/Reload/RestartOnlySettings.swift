/// The settings of server.yaml a reload cannot apply, because they are bound when pchatd starts: the sockets it
/// listens on, the data folder, the TLS pair's files, the directory's source, whether and from where the web client is
/// served, and the limits held by the parts built at start (connections, sign-ins, per-user quotas, the commit batch,
/// the roster's limit, file tokens, the frame size).
enum RestartOnlySettings {
    /// The keys whose value differs between `old` and `new`, in file order.
    static func changed(from old: ServerConfiguration, to new: ServerConfiguration) -> [String] {
        var keys: [String] = []
        func check(_ key: String, _ differs: Bool) { if differs { keys.append(key) } }
        check("domain", old.domain != new.domain)
        check("listen", old.host != new.host || old.port != new.port)
        check("data", old.dataDirectory != new.dataDirectory)
        check("directory", !sameSource(old.directory, new.directory))
        check("system_users", old.systemUsers != new.systemUsers)
        check("tls", old.tls != new.tls)
        check("insecure_plaintext", old.insecurePlaintext != new.insecurePlaintext)
        check("metrics.listen", old.metricsListen != new.metricsListen)
        check("web_client.enabled", old.webClient.enabled != new.webClient.enabled)
        check("web_client.assets", old.webClient.assetsFolder != new.webClient.assetsFolder)
        let (was, now) = (old.limits, new.limits)
        check("limits.frame_size", was.frameSize != now.frameSize)
        check("limits.commit_batch", was.commitBatch != now.commitBatch)
        check("limits.participant_update_limit", was.participantUpdateLimit != now.participantUpdateLimit)
        check("limits.file_token_minutes", was.fileTokenMinutes != now.fileTokenMinutes)
        check("limits.per_user", was.perUser != now.perUser)
        check("limits.sign_in", was.signIn != now.signIn)
        check("limits.connections", was.connections != now.connections)
        return keys
    }

    /// Whether both read the same LDIF file, or the same LDAP directory with the same settings.
    private static func sameSource(_ old: DirectorySource, _ new: DirectorySource) -> Bool {
        switch (old, new) {
        case (.ldif(let was), .ldif(let now)): was == now
        case (.ldap(let was), .ldap(let now)): was == now
        default: false
        }
    }
}
