import Foundation
import Logging
import NIOSSL
import Synchronization
import YAMLConfig

/// The TLS context that new connections are served with (server.yaml `tls`). ``reload()`` swaps in a renewed
/// certificate and key for the connections accepted after it; established connections keep the context they began
/// with, so nobody is dropped.
final class ServerTLS: Sendable {
    let files: TLSFiles
    private let sourceFile: String
    private let logger: Logger
    private let context: Mutex<NIOSSLContext>

    /// Reads the certificate chain and key; warns when the key file can be read by others. Throws ``ConfigError``
    /// naming `tls.certificate` or `tls.key` when a file cannot be read, or `tls` when they do not make a pair.
    init(files: TLSFiles, sourceFile: String, logger: Logger) throws(ConfigError) {
        self.files = files
        self.sourceFile = sourceFile
        self.logger = logger
        let (loaded, metadata) = try Self.makeContext(files, sourceFile: sourceFile, logger: logger)
        context = Mutex(loaded)
        logger.info("TLS certificate loaded", metadata: metadata)
        if let warning = PrivateFiles.exposureWarning(for: files.key, describing: "the TLS private key") {
            logger.warning("\(warning)", metadata: ["key": "tls.key"])
        }
    }

    /// The context for a connection accepted now.
    var current: NIOSSLContext { context.withLock { $0 } }

    /// Reads the files again and serves new connections with them; a pair that cannot be loaded is refused and the
    /// previous one stays.
    func reload() throws(ConfigError) {
        let (renewed, metadata) = try Self.makeContext(files, sourceFile: sourceFile, logger: logger)
        context.withLock { $0 = renewed }
        logger.notice("TLS certificate reloaded; new connections get it", metadata: metadata)
        if let warning = PrivateFiles.exposureWarning(for: files.key, describing: "the TLS private key") {
            logger.warning("\(warning)", metadata: ["key": "tls.key"])
        }
    }

    /// A server context with the chain and key of `files`, TLS 1.2 or later, and what to log about the certificate.
    static func makeContext(_ files: TLSFiles, sourceFile: String,
                            logger: Logger) throws(ConfigError) -> (NIOSSLContext, Logger.Metadata) {
        let server = try files.serverSide(key: "tls", file: sourceFile)
        guard let leaf = server.chain.first else {
            throw ConfigError(file: sourceFile, key: "tls.certificate", reason: "\(files.certificate) holds no PEM certificate")
        }
        let expiry = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        if expiry < Date() {
            logger.warning("the TLS certificate has expired", metadata: ["certificate": "\(files.certificate)", "expired": "\(expiry)"])
        }
        let serial = leaf.serialNumber.map { String(format: "%02x", $0) }.joined()
        return (server.context, ["certificate": "\(files.certificate)", "serial": "\(serial)", "expires": "\(expiry)",
                                 "chain": "\(server.chain.count)"])
    }
}
