import PersistentChatDirectory
import PersistentChatProtocol

/// Why a signed-in user may no longer be signed in after the directory changed, as the reason sent with
/// `sessionEnded` and the close.
enum SignInLoss {
    /// The reason to end the sessions of `user`, who signed in as `before`, now that `new` is in force; nil when
    /// they may stay. They may not when their entry is gone, can no longer sign in (``Directory/canSignIn(_:)``: a
    /// contact, disabled, not a user, outside a domain partition), or moved to another DN (rights follow the DN).
    static func reason(for user: SIPURI, signedInAs before: DirectoryEntry?, in new: Directory) -> ErrorPayload? {
        guard let entry = new.entry(sipAddress: user.value) else {
            return ErrorPayload(.errorPermission, .identityUnknownURI, "\(user) was removed from the directory")
        }
        if let refusal = IdentityRules.refusal(of: entry, uri: user.value, base: new.base) {
            return ErrorPayload(.errorPermission, ErrorDetail(rawValue: refusal.code), refusal.message)
        }
        if let before, before.dn != entry.dn {
            return ErrorPayload(.errorPermission, .identityMoved,
                                "\(user) moved in the directory (now '\(entry.dn)'); sign in again")
        }
        return nil
    }

}
