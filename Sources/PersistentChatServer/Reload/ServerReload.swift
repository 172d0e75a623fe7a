import YAMLConfig

extension PersistentChatServer {
    /// Reloads what may change without a restart, as pchatd does on SIGHUP: the directory (``DirectoryReloader``) and
    /// the TLS certificate (``reloadCertificate()``). Connections stay up; users who may no longer sign in lose their
    /// sessions. A file that is refused leaves the old one in force, and the reason is logged.
    public func reload() async {
        await directoryReloader.reload(because: "reload requested")
        do {
            try reloadCertificate()
        } catch {
            logger.error("certificate reload refused; the previous certificate stays", metadata: ["reason": "\(error)"])
        }
    }
}
