import Foundation
import NIOSSL

extension TLSFiles {
    /// What a TLS server is made of, read from these files and checked to make a pair.
    public struct ServerSide: Sendable {
        /// TLS 1.2 or later, with the chain and key.
        public var configuration: TLSConfiguration
        /// A context made from ``configuration``.
        public var context: NIOSSLContext
        /// The certificate, then its intermediates.
        public var chain: [NIOSSLCertificate]
    }

    /// Reads the chain and key for a TLS server. Throws ``ConfigError`` in `file` naming `KEY.certificate` or
    /// `KEY.key` when a file is missing, unreadable or holds no PEM of its kind, and `KEY` itself when the key does not
    /// belong to the certificate (`key` is the setting's path, e.g. `tls` or `webhooks.tls`).
    public func serverSide(key prefix: String, file: String) throws(ConfigError) -> ServerSide {
        func refuse(_ suffix: String, _ reason: String) -> ConfigError { ConfigError(file: file, key: prefix + suffix, reason: reason) }
        for (path, suffix) in [(certificate, ".certificate"), (key, ".key")] where !FileManager.default.isReadableFile(atPath: path) {
            throw refuse(suffix, FileManager.default.fileExists(atPath: path) ? "cannot read \(path) (permissions)" : "no file \(path)")
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw refuse(".certificate", "\(certificate) holds no PEM certificate: \(error)")
        }
        guard !chain.isEmpty else { throw refuse(".certificate", "\(certificate) holds no PEM certificate") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw refuse(".key", "\(key) holds no PEM private key (an encrypted key is not supported): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return ServerSide(configuration: configuration, context: context, chain: chain)
        } catch {
            throw refuse("", "the key in \(key) does not belong to the certificate in \(certificate): \(error)")
        }
    }
}
