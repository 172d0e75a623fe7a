/// Client → server: identify the endpoint (first command on every connection), by password or by a session token.
public struct EstablishRequest: Codable, Sendable, Equatable {
    /// How the endpoint proves who it is: exactly one of the two travels.
    public enum Credential: Sendable, Equatable {
        /// The directory password (`"password"`).
        case password(String)
        /// A token from an earlier establish that asked for one (`"sessionToken"`).
        case sessionToken(String)
    }

    /// The endpoint's SIP URI as typed; the server checks it against the directory.
    public var user: String
    public var credential: Credential
    /// Free text naming the client, for logs.
    public var client: String?
    /// Asks for a session token in the reply, to sign in again later without the password.
    public var issueSessionToken: Bool

    public init(user: String, password: String, client: String? = nil, issueSessionToken: Bool = false) {
        self.init(user: user, credential: .password(password), client: client, issueSessionToken: issueSessionToken)
    }

    public init(user: String, sessionToken: String, client: String? = nil, issueSessionToken: Bool = false) {
        self.init(user: user, credential: .sessionToken(sessionToken), client: client, issueSessionToken: issueSessionToken)
    }

    public init(user: String, credential: Credential, client: String? = nil, issueSessionToken: Bool = false) {
        self.user = user
        self.credential = credential
        self.client = client
        self.issueSessionToken = issueSessionToken
    }

    enum CodingKeys: String, CodingKey { case user, password, sessionToken, client, issueSessionToken }

    /// `user` and exactly one of `password` and `sessionToken` are required; `issueSessionToken` is false when absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        user = try c.decode(String.self, forKey: .user)
        switch (try c.decodeIfPresent(String.self, forKey: .password), try c.decodeIfPresent(String.self, forKey: .sessionToken)) {
        case (let password?, nil): credential = .password(password)
        case (nil, let token?): credential = .sessionToken(token)
        case (.some, .some):
            throw DecodingError.dataCorruptedError(forKey: .sessionToken, in: c,
                                                   debugDescription: "send 'password' or 'sessionToken', not both")
        case (nil, nil):
            throw DecodingError.keyNotFound(CodingKeys.password, .init(
                codingPath: c.codingPath, debugDescription: "establish needs 'password' or 'sessionToken'"))
        }
        client = try c.decodeIfPresent(String.self, forKey: .client)
        issueSessionToken = try c.decodeIfPresent(Bool.self, forKey: .issueSessionToken) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(user, forKey: .user)
        switch credential {
        case .password(let password): try c.encode(password, forKey: .password)
        case .sessionToken(let token): try c.encode(token, forKey: .sessionToken)
        }
        try c.encodeIfPresent(client, forKey: .client)
        if issueSessionToken { try c.encode(true, forKey: .issueSessionToken) }
    }
}

/// Server → client: the endpoint is established.
public struct EstablishReply: Codable, Sendable, Equatable {
    public var user: PrincipalPayload
    public var server: ServerInfo
    /// A new session token, when the establish asked for one.
    public var sessionToken: SessionTokenPayload?
    public init(user: PrincipalPayload, server: ServerInfo, sessionToken: SessionTokenPayload? = nil) {
        self.user = user
        self.server = server
        self.sessionToken = sessionToken
    }
}

/// A sign-in token: `establish` takes it instead of the password until it expires or is revoked.
public struct SessionTokenPayload: Codable, Sendable, Equatable {
    /// 43 URL-safe characters (256 random bits); the server keeps only its SHA-256.
    public var token: String
    /// Milliseconds since 1970.
    public var expiresAt: Int64
    public init(token: String, expiresAt: Int64) {
        self.token = token
        self.expiresAt = expiresAt
    }
}

/// Revokes one of the caller's session tokens (signing out); an unknown token is answered the same way.
public struct RevokeSessionTokenRequest: ChatCommand {
    public typealias Reply = Empty
    public static let name = "revokeSessionToken"
    public var token: String
    public init(token: String) { self.token = token }
}
