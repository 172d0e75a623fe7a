import Foundation
import Logging
import PersistentChatDirectory

/// Identities read from Active Directory (or any LDAP server with its schema) over LDAP: users are found by
/// `msRTCSIP-PrimaryUserAddress` and proven by a simple bind as themselves; users, groups, OUs and the domain are read
/// whole into a ``Directory`` for role checks (``readDirectory()``). Every call blocks only threads of its own.
public final class ActiveDirectory: Sendable {
    public let settings: LDAPDirectorySettings
    let workers: LDAPWorkers
    let logger: Logger

    public init(settings: LDAPDirectorySettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        workers = LDAPWorkers(settings: settings.connection,
                              serviceAccount: settings.serviceAccount.map { ($0.dn, $0.password) },
                              threads: settings.poolSize)
    }

    /// Whether the last attempt to reach the server failed and the next waits (the directory is taken to be down).
    public var isUnreachable: Bool { workers.isBackingOff }

    /// `(&(msRTCSIP-PrimaryUserAddress=uri)user_filter)`, the value escaped (RFC 4515).
    func signInFilter(uri: String) -> String {
        LDAPFilter.and([LDAPFilter.equal(ActiveDirectoryAttributes.sipAddress, uri)] + (settings.userFilter.map { [$0] } ?? []))
    }

    /// The entries whose SIP address is `uri` (normally one) under the base DN, matching the user filter.
    func entries(sipAddress uri: String, in session: LDAPSession) throws(LDAPError) -> [LDAPEntry] {
        try session.search(base: settings.baseDN.description, filter: signInFilter(uri: uri),
                           attributes: ActiveDirectoryAttributes.read, pageSize: 0, sizeLimit: 2)
    }
}

extension ActiveDirectory {
    /// Connects (with TLS as configured), binds as the service account and reads the base DN's own entry: what an
    /// administrator checks first. Throws the LDAP error that stopped it.
    public func checkConnection() async throws(LDAPError) {
        let base = settings.baseDN.description
        let found = try await workers.run { session throws(LDAPError) in
            try session.search(base: base, baseOnly: true, filter: "(objectClass=*)", attributes: ["objectClass"], pageSize: 0)
        }
        guard !found.isEmpty else {
            throw LDAPError(operation: "read \(base)", clientMessage: "the base DN does not exist, or the service account may not read it")
        }
    }

    /// The entries whose `msRTCSIP-PrimaryUserAddress` is `uri`, under the base DN and matching the user filter, as
    /// sign-in finds them (without a password: no bind is made as the user), each read into an entry or the reason
    /// it cannot be used.
    public func lookUp(sipURI uri: String) async throws(LDAPError) -> [Result<DirectoryEntry, DirectoryLoadError>] {
        let found = try await workers.run { session throws(LDAPError) in try self.entries(sipAddress: uri, in: session) }
        return found.map { entry in Result { () throws(DirectoryLoadError) in try ActiveDirectoryAttributes.directoryEntry(entry) } }
    }
}
