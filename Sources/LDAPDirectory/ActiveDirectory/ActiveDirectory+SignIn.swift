import Foundation
import Logging
import PersistentChatDirectory

extension ActiveDirectory {
    /// Checks a sign-in: finds the one entry whose `msRTCSIP-PrimaryUserAddress` is `uri` (escaped as RFC 4515 says,
    /// so `x*)(objectClass=*` finds nothing), proves `password` with a simple bind as that entry on a connection of its
    /// own, and only then applies ``IdentityRules`` (inside the base DN). pchatd never reads a password attribute.
    ///
    /// An empty password is refused before any bind (the server would take it as an unauthenticated bind and say yes).
    /// An unknown address costs a bind too (as a DN that does not exist), so it takes about as long as a wrong
    /// password. A server that cannot be reached gives ``IdentityRefusal/directoryUnavailable(_:)``: nobody signs in
    /// while it is down.
    public func authenticate(sipURI: String, password: String) async -> Result<DirectoryEntry, IdentityRefusal> {
        guard let uri = SIPAddress.normalize(sipURI) else { return .failure(.invalidURI(sipURI)) }
        guard !password.isEmpty else { return .failure(.wrongPassword(uri)) }
        let base = settings.baseDN
        let logger = logger
        do {
            return try await workers.run { session throws(LDAPError) -> Result<DirectoryEntry, IdentityRefusal> in
                let found = try self.entries(sipAddress: uri, in: session)
                guard found.count == 1, let entry = found.first else {
                    if found.count > 1 {
                        logger.error("more than one directory entry has this SIP address; refusing it",
                                     metadata: ["sip": "\(uri)", "dns": "\(found.map(\.dn))"])
                    }
                    Self.decoyBind(password: password, base: base, session: session)
                    return .failure(.unknownURI(uri))
                }
                do throws(LDAPError) {
                    try session.verify(dn: entry.dn, password: password)
                } catch {
                    // Anything but "invalid credentials" is the server's trouble, not the caller's password.
                    guard error.isInvalidCredentials else { throw error }
                    if let detail = error.diagnostic {
                        logger.info("the directory refused a user's password", metadata: ["dn": "\(entry.dn)", "detail": "\(detail)"])
                    }
                    return .failure(.wrongPassword(uri))
                }
                let directoryEntry: DirectoryEntry
                do {
                    directoryEntry = try ActiveDirectoryAttributes.directoryEntry(entry)
                } catch {
                    logger.error("a directory entry cannot be used; refusing its sign-in", metadata: ["reason": "\(error)"])
                    return .failure(.notAUser(uri, .other))
                }
                if let refusal = IdentityRules.refusal(of: directoryEntry, uri: uri, base: base) { return .failure(refusal) }
                return .success(directoryEntry)
            }
        } catch {
            logger.warning("sign-in refused: the directory cannot be reached", metadata: ["sip": "\(uri)", "reason": "\(error)"])
            return .failure(.directoryUnavailable(uri))
        }
    }

    /// A bind as a DN that does not exist, so an unknown address takes as long as a wrong password; its answer is
    /// ignored.
    private static func decoyBind(password: String, base: DistinguishedName, session: LDAPSession) {
        let decoy = "CN=pchatd-no-such-user-\(UUID().uuidString),\(base)"
        _ = try? session.verify(dn: decoy, password: password)
    }
}
