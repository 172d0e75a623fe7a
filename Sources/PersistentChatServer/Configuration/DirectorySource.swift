import LDAPDirectory

/// Where pchatd reads identities from: server.yaml's `directory`, an LDIF file or an LDAP server (docs/directory.md).
public enum DirectorySource: Sendable {
    /// `directory: {ldif: PATH}`: an Active Directory-shaped LDIF file holding password hashes; reloaded when it changes.
    case ldif(path: String)
    /// `directory: {ldap: …}`: Active Directory (or an LDAP server with its schema), read every `refresh`, with
    /// passwords checked by binding as the user.
    case ldap(LDAPDirectorySettings)

    /// The LDIF file's path, for an LDIF directory.
    public var ldifPath: String? {
        if case .ldif(let path) = self { return path }
        return nil
    }

    /// What to call it in logs: the file's path, or the server's URL and base DN.
    public var summary: String {
        switch self {
        case .ldif(let path): path
        case .ldap(let settings): "\(settings.connection.url) under \(settings.baseDN)"
        }
    }
}
