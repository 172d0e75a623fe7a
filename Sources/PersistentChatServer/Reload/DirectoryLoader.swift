import LDAPDirectory
import Logging
import PersistentChatDirectory

/// Reads the directory anew from where server.yaml says it is.
enum DirectoryLoader: Sendable {
    /// The LDIF file at that path.
    case ldif(path: String)
    /// Users, groups, OUs and the domain read from the LDAP server.
    case ldap(ActiveDirectory)

    /// The directory as it is now; throws with the reason (the file and line, or the LDAP error).
    func load(logger: Logger) async throws -> Directory {
        switch self {
        case .ldif(let path):
            return try Directory.load(ldifAt: path, logger: logger)
        case .ldap(let directory):
            return try await directory.readDirectory()
        }
    }

    /// How long a directory read from here may decide rights without being read again: `cache_lifetime` for LDAP;
    /// nil (for ever) for a file, which cannot become unreachable once read.
    var lifetime: Duration? {
        if case .ldap(let directory) = self { return directory.settings.cacheLifetime }
        return nil
    }
}
