import Crypto
import Foundation
import Logging
import PersistentChatProtocol

/// Sign-in tokens, asked for at `establish` (`issueSessionToken`) and taken there instead of the password until they
/// expire or are revoked. Only each token's SHA-256 is stored (the `session_tokens` table), so the tokens survive a
/// restart and the database does not give them away; expired rows are dropped at each issue and at start.
struct SessionTokens: Sendable {
    let store: ChatStore
    let logger: Logger

    /// The most live tokens one user holds: issuing another drops the ones that expire first.
    static let perUser = 50

    /// A new token for `user`, valid for `hours` but never past `notAfter` (ms): a token asked for at a token sign-in
    /// expires with the token it came from, so renewing never outlives the password sign-in that began the chain.
    func issue(for user: SIPURI, hours: Int, notAfter: Int64? = nil) async throws(ErrorPayload) -> SessionTokenPayload {
        let token = Self.make()
        let now = ServerCore.now
        let expiresAt = min(now + Int64(hours) * 3_600_000, notAfter ?? .max)
        try await write("stored") {
            try await store.insertSessionToken(hash: Self.digest(token), user: user.value, now: now, expiresAt: expiresAt,
                                               keep: Self.perUser)
        }
        return SessionTokenPayload(token: token, expiresAt: expiresAt)
    }

    /// When `token` expires (ms), if it is live.
    func expiry(of token: String) async throws(ErrorPayload) -> Int64? {
        do {
            return try await store.sessionTokenExpiry(hash: Self.digest(token), now: ServerCore.now)
        } catch {
            logger.error("session token lookup failed: \(error)")
            throw ErrorPayload(.databaseConnection, .internalError, "the database could not be read")
        }
    }

    /// The normalized SIP address whose live token `token` is; nil for a token unknown, expired or revoked.
    func user(of token: String) async throws(ErrorPayload) -> String? {
        do {
            return try await store.sessionTokenUser(hash: Self.digest(token), now: ServerCore.now)
        } catch {
            logger.error("session token lookup failed: \(error)")
            throw ErrorPayload(.databaseConnection, .internalError, "the database could not be read")
        }
    }

    /// Revokes `token` when it is `user`'s; another user's or an unknown token is left as it is.
    func revoke(_ token: String, of user: SIPURI) async throws(ErrorPayload) {
        try await write("revoked") { try await store.deleteSessionToken(hash: Self.digest(token), user: user.value) }
    }

    /// 256 random bits as 43 characters of URL-safe base64, without padding.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The SHA-256 of the token's UTF-8 bytes, in hexadecimal: what is stored and looked up.
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private func write(_ what: String, _ body: () async throws -> Void) async throws(ErrorPayload) {
        do {
            try await body()
        } catch {
            logger.error("a session token could not be \(what): \(error)")
            throw ErrorPayload(.databaseConnection, .internalError, "the session token could not be \(what)")
        }
    }
}
