import LDAPDirectory
import Logging
import PersistentChatDirectory
import PersistentChatProtocol

extension ServerCore {
    /// What a caller learns from an unknown SIP address and from a wrong password alike: same code, detail and message.
    static let signInRefused = ErrorPayload(.errorPermission, .identityWrongPassword, "the SIP address or the password is wrong")

    /// Checks an identity: refused at once while its address (or this account from it) is delayed; otherwise the
    /// password is verified on ``PasswordVerifiers`` and the outcome counted by ``SignInThrottle``. An unknown
    /// address and a wrong password get ``signInRefused``; what describes the account (a contact, disabled…) is told
    /// only once the password is proven. The log keeps the real reason.
    func signIn(_ request: EstablishRequest, from source: SignInSource, logger: Logger) async throws(ErrorPayload) -> DirectoryEntry {
        let user = LogText.escaped(request.user)
        guard let uri = SIPAddress.normalize(request.user) else {
            let refusal = IdentityRefusal.invalidURI(request.user)
            logger.info("identity refused", metadata: ["user": "\(user)", "source": "\(source)", "reason": "\(refusal.code)"])
            throw ErrorPayload(.invalidArgument, .identityInvalidURI, refusal.message)
        }
        let account = SignInAccount(normalizedURI: uri)
        if case .wait(let wait) = signInThrottle.admit(account, from: source) {
            logger.info("sign-in throttled", metadata: ["user": "\(user)", "source": "\(source)", "wait": "\(wait)"])
            throw Self.throttled(wait)
        }
        let password = request.password
        let outcome: Result<DirectoryEntry, IdentityRefusal>
        if let activeDirectory {
            outcome = await activeDirectory.authenticate(sipURI: uri, password: password)
        } else {
            // The directory in force when a verifier is free, not when the sign-in arrived: a reload in between counts.
            let holder = directories
            guard let checked = await passwordVerifiers.run({ holder.current.authenticate(sipURI: uri, password: password) }) else {
                signInThrottle.abandoned(account, from: source)
                logger.warning("sign-in refused: every password verifier is busy and the wait queue is full",
                               metadata: ["user": "\(user)", "source": "\(source)"])
                throw Self.throttled(Self.busyWait)
            }
            outcome = checked
        }
        switch outcome {
        case .success(let entry):
            signInThrottle.succeeded(account, from: source)
            return entry
        case .failure(.directoryUnavailable(let refusedURI)):
            signInThrottle.abandoned(account, from: source)
            let refusal = IdentityRefusal.directoryUnavailable(refusedURI)
            throw ErrorPayload(.serverError, .identityDirectoryUnavailable, refusal.message, retryAfterMs: 1000)
        case .failure(let refusal):
            logger.info("identity refused", metadata: [
                "user": "\(user)", "source": "\(source)", "reason": "\(refusal.code)", "detail": "\(LogText.escaped(refusal.message))",
            ])
            guard refusal.provesPassword else {
                signInThrottle.failed(account, from: source)
                throw Self.signInRefused
            }
            signInThrottle.succeeded(account, from: source)
            throw ErrorPayload(.errorPermission, ErrorDetail(rawValue: refusal.code), refusal.message)
        }
    }

    /// How long a sign-in refused for lack of a free verifier is told to wait.
    static let busyWait: Duration = .seconds(1)

    /// `identity.throttled` with the wait, in whole seconds (rounded up) in the message and in milliseconds as a field.
    static func throttled(_ wait: Duration) -> ErrorPayload {
        let (seconds, attoseconds) = wait.components
        let milliseconds = Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        let wholeSeconds = (milliseconds + 999) / 1000
        return ErrorPayload(.errorPermission, .identityThrottled,
                            "too many failed sign-ins; try again in \(wholeSeconds) s", retryAfterMs: Swift.max(1, milliseconds))
    }
}
