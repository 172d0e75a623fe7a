import Foundation
import YAMLConfig

extension PersistentChatServer {
    /// Reloads what may change without a restart, as pchatd does on SIGHUP: the directory (``DirectoryReloader``), the
    /// TLS certificate (``reloadCertificate()``), then server.yaml's categories, rooms and limits
    /// (``reloadConfiguration()``), checked against the directory just read. Connections stay up; users who may no
    /// longer sign in, or be in a room, lose their sessions. A file that is refused leaves the old one in force, and the
    /// reason is logged.
    public func reload() async {
        await directoryReloader.reload(because: "reload requested")
        do {
            try reloadCertificate()
        } catch {
            logger.error("certificate reload refused; the previous certificate stays", metadata: ["reason": "\(error)"])
        }
        // A server made from a configuration in memory (the tests', the embedded one) has no file to read again.
        if FileManager.default.fileExists(atPath: configuration.sourceFile) { await reloadConfiguration() }
    }
}
