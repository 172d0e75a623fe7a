/// How to reach a directory server and how long to wait for it.
public struct LDAPConnectionSettings: Sendable, Equatable {
    /// The server.
    public var url: LDAPURL
    /// With `ldap://`: upgrade the connection with StartTLS (RFC 4513 §3) before anything else is sent.
    public var startTLS: Bool
    /// PEM file of the certificate authorities to trust; nil: the system's.
    public var caFile: String?
    /// Longest wait for the TCP connection (and the TLS handshake).
    public var connectTimeout: Duration
    /// Longest wait for one operation's answer (a bind, a search page, StartTLS).
    public var operationTimeout: Duration

    public init(url: LDAPURL, startTLS: Bool, caFile: String? = nil, connectTimeout: Duration = .seconds(5),
                operationTimeout: Duration = .seconds(10)) {
        self.url = url
        self.startTLS = startTLS
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
    }

    /// Whether the connection is encrypted (ldaps, or StartTLS).
    public var usesTLS: Bool { url.isLDAPS || startTLS }
}

extension Duration {
    /// Whole milliseconds, at least 1.
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
