import Logging
import PersistentChatDirectory
import PersistentChatProtocol

extension ServerCore {
    /// What a token gets that is unknown, expired, revoked or another user's, or whose user has left the directory.
    static let invalidSessionToken = ErrorPayload(
        .invalidToken, .identityInvalidSessionToken, "the session token is unknown, expired or revoked; sign in with the password")

    /// Checks a session token for `uri` (admitted by the throttle): a token that is not a live one of `uri` counts as a
    /// failed sign-in, as a wrong password does. A live token proves the identity; the directory's rules then apply as
    /// after a proven password (a disabled user is refused with its own detail), from the directory in force.
    func tokenSignIn(_ token: String, uri: String, _ attempt: SignInAttempt, logger: Logger) async throws(ErrorPayload) -> DirectoryEntry {
        let owner: String?
        do throws(ErrorPayload) {
            owner = try await sessionTokens.user(of: token)
        } catch {
            signInThrottle.abandoned(attempt.account, from: attempt.source)
            throw error
        }
        guard owner == uri else {
            throw refuseToken(attempt, owner == nil ? "no live token" : "another user's token", logger: logger)
        }
        if directories.isExpired { return try settle(.failure(.directoryUnavailable(uri)), attempt, logger: logger) }
        let directory = directory
        guard let entry = directory.entry(sipAddress: uri) else {
            throw refuseToken(attempt, "not in the directory", logger: logger)
        }
        let refusal = IdentityRules.refusal(of: entry, uri: uri, base: directory.base)
        return try settle(refusal.map { .failure($0) } ?? .success(entry), attempt, logger: logger)
    }

    /// Counts a refused token as a failed sign-in, logs why, and returns ``invalidSessionToken``.
    private func refuseToken(_ attempt: SignInAttempt, _ reason: String, logger: Logger) -> ErrorPayload {
        signInThrottle.failed(attempt.account, from: attempt.source)
        logger.info("identity refused", metadata: [
            "user": "\(attempt.logName)", "source": "\(attempt.source)",
            "reason": "\(ErrorDetail.identityInvalidSessionToken)", "detail": "\(reason)",
        ])
        return Self.invalidSessionToken
    }
}
