import Foundation

/// A sign-in token the server issued at establish: ``PersistentChatEndpoint/establish(sessionToken:issueSessionToken:)``
/// takes it instead of the password until it expires or is revoked. Keep it as secret as the password.
public struct PersistentChatSessionToken: Sendable, Equatable {
    /// The token, 43 URL-safe characters.
    public var token: String
    /// When it stops signing in.
    public var expiresAt: Date

    init(_ payload: SessionTokenPayload) {
        token = payload.token
        expiresAt = Date(millisecondsSince1970: payload.expiresAt)
    }
}
