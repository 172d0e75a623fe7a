import CLDAP

/// An LDAP operation that failed: libldap's or the server's result code, what was being done, and the server's
/// diagnostic text when it sent one.
public struct LDAPError: Error, Sendable, CustomStringConvertible {
    /// The result code (RFC 4511 §4.1.9, or one of libldap's negative client codes).
    public let code: Int32
    /// What was being done, e.g. `bind as CN=pchatd,…` or `search under DC=contoso,DC=com`.
    public let operation: String
    /// libldap's text for the code.
    public let message: String
    /// The server's diagnostic message, if any.
    public let diagnostic: String?

    init(code: Int32, operation: String, diagnostic: String? = nil) {
        self.code = code
        self.operation = operation
        message = ldap_err2string(code).map { String(cString: $0) } ?? "LDAP error \(code)"
        // libldap says "(unknown error code)" when the server said nothing.
        self.diagnostic = diagnostic.flatMap { $0.isEmpty || $0 == "(unknown error code)" ? nil : $0 }
    }

    /// An error the client found itself, before asking the server.
    init(operation: String, clientMessage: String) {
        code = LDAP_PARAM_ERROR
        self.operation = operation
        message = clientMessage
        diagnostic = nil
    }

    /// Whether the directory could not be reached or did not answer in time (the operation may succeed later):
    /// no connection, a connection lost, a time-out, a TLS failure, or a server that says it is busy or unavailable.
    public var isUnavailable: Bool {
        [LDAP_SERVER_DOWN, LDAP_CONNECT_ERROR, LDAP_TIMEOUT, LDAP_LOCAL_ERROR, LDAP_BUSY, LDAP_UNAVAILABLE,
         LDAP_TIMELIMIT_EXCEEDED].contains(code)
    }

    /// Whether a bind was refused for its credentials (result code 49): a wrong password, or an account the server
    /// will not let bind (disabled, locked, expired; Active Directory says which in ``diagnostic``).
    public var isInvalidCredentials: Bool { code == LDAP_INVALID_CREDENTIALS }

    /// Whether the connection it happened on can no longer be used.
    var closesConnection: Bool {
        code == LDAP_SERVER_DOWN || code == LDAP_CONNECT_ERROR || code == LDAP_TIMEOUT || code == LDAP_LOCAL_ERROR
    }

    /// `operation: message (code) — diagnostic`.
    public var description: String {
        "\(operation): \(message) (\(code))" + (diagnostic.map { "; the server says: \($0)" } ?? "")
    }
}
