/// Which server certificates a `wss://` connection, and the file transfers beside it over `https://`, accept.
///
/// The server's certificate is always verified, and so is the host name in the address (or its IP address) against
/// the certificate's names. By default the system's certificate authorities are trusted; ``caFile`` trusts the
/// authorities in a PEM file instead, for servers whose certificates a private CA issues.
///
/// ```swift
/// let endpoint = PersistentChatEndpoint(serverAddress: "wss://chat.contoso.com:5061", endpoint: user,
///                                       serverTrust: ServerTrust(caFile: "/etc/pchat/contoso-ca.pem"))
/// ```
public struct ServerTrust: Sendable, Equatable {
    /// A PEM file of the certificate authorities to trust instead of the system's; nil trusts the system's.
    public var caFile: String?

    /// Trusts the authorities in `caFile` (PEM), or the system's when nil.
    public init(caFile: String? = nil) {
        self.caFile = caFile
    }

    /// The system's certificate authorities, with host-name verification.
    public static let system = ServerTrust()
}
