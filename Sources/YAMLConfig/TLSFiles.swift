/// A `tls: {certificate: PATH, key: PATH}` setting: the PEM files of a TLS server's certificate (with its chain) and
/// private key. The loader that reads it resolves relative paths from its file's folder.
public struct TLSFiles: Sendable, Equatable, Decodable {
    /// The server certificate, then any intermediate certificates, in PEM.
    public var certificate: String
    /// The certificate's private key in PEM; it should be readable by the server's user only.
    public var key: String

    public init(certificate: String, key: String) {
        self.certificate = certificate
        self.key = key
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case certificate, key }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        certificate = try container.decode(String.self, forKey: .certificate)
        key = try container.decode(String.self, forKey: .key)
        for (path, codingKey) in [(certificate, CodingKeys.certificate), (key, .key)] where path.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: codingKey, in: container, debugDescription: "expected the path of a PEM file")
        }
    }

    /// The same files with relative paths made absolute by `resolve`.
    public func resolved(_ resolve: (String) -> String) -> TLSFiles {
        TLSFiles(certificate: resolve(certificate), key: resolve(key))
    }
}
