import LDAPDirectory
import Logging
import PersistentChatDirectory
import PersistentChatProtocol

extension ServerCore {
    /// What a caller learns from an unknown SIP address and from a wrong password alike: same code, detail and message.
    static let signInRefused = ErrorPayload(.errorPermission, .identityWrongPassword, "the SIP address or the password is wrong")

    /// Checks an identity: refused at once while its address (or this account from it) is delayed; otherwise the
    /// password is verified on ``PasswordVerifiers`` (or the session token looked up, ``tokenSignIn(_:uri:_:logger:)``)
    /// and the outcome counted by ``SignInThrottle``. An unknown address and a wrong password get ``signInRefused``;
    /// what describes the account (a contact, disabled…) is told only once the password is proven. The log keeps the
    /// real reason.
    func signIn(_ request: EstablishRequest, from source: SignInSource, logger: Logger) async throws(ErrorPayload) -> DirectoryEntry {
        let user = LogText.escaped(request.user)
        guard let uri = SIPAddress.normalize(request.user) else {
            let refusal = IdentityRefusal.invalidURI(request.user)
            logger.info("identity refused", metadata: ["user": "\(user)", "source": "\(source)", "reason": "\(refusal.code)"])
            throw ErrorPayload(.invalidArgument, .identityInvalidURI, refusal.message)
        }
        let attempt = SignInAttempt(account: SignInAccount(normalizedURI: uri), source: source, logName: user)
        if case .wait(let wait) = signInThrottle.admit(attempt.account, from: source) {
            logger.info("sign-in throttled", metadata: ["user": "\(user)", "source": "\(source)", "wait": "\(wait)"])
            throw Self.throttled(wait)
        }
        switch request.credential {
        case .password(let password): return try await passwordSignIn(password, uri: uri, attempt, logger: logger)
        case .sessionToken(let token): return try await tokenSignIn(token, uri: uri, attempt, logger: logger)
        }
    }

    /// Verifies `password` for `uri` (admitted by the throttle) and settles the outcome.
    private func passwordSignIn(_ password: String, uri: String, _ attempt: SignInAttempt,
                                logger: Logger) async throws(ErrorPayload) -> DirectoryEntry {
        let outcome: Result<DirectoryEntry, IdentityRefusal>
        if let activeDirectory {
            outcome = await activeDirectory.authenticate(sipURI: uri, password: password)
        } else {
            // The directory in force when a verifier is free, not when the sign-in arrived: a reload in between counts.
            let holder = directories
            guard let checked = await passwordVerifiers.run({ holder.current.authenticate(sipURI: uri, password: password) }) else {
                signInThrottle.abandoned(attempt.account, from: attempt.source)
                logger.warning("sign-in refused: every password verifier is busy and the wait queue is full",
                               metadata: ["user": "\(attempt.logName)", "source": "\(attempt.source)"])
                throw Self.throttled(Self.busyWait)
            }
            outcome = checked
        }
        return try settle(outcome, attempt, logger: logger)
    }

    /// Counts a checked sign-in with the throttle and turns a refusal into the answer: an unknown address and a wrong
    /// password alike get ``signInRefused``, the refusals that describe the account their own detail.
    func settle(_ outcome: Result<DirectoryEntry, IdentityRefusal>, _ attempt: SignInAttempt,
                logger: Logger) throws(ErrorPayload) -> DirectoryEntry {
        let (account, source) = (attempt.account, attempt.source)
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
                "user": "\(attempt.logName)", "source": "\(source)", "reason": "\(refusal.code)",
                "detail": "\(LogText.escaped(refusal.message))",
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
