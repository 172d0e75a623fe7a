import Logging

/// The process-wide settings shared by endpoints (UCMA's `CollaborationPlatform`).
public final class CollaborationPlatform: Sendable {
    /// Used in logs and sent to the server as the client name.
    public let applicationName: String
    public let logger: Logger

    public init(applicationName: String, logger: Logger? = nil) {
        self.applicationName = applicationName
        self.logger = logger ?? Logger(label: applicationName)
    }
}

/// An identity a ``PersistentChatEndpoint`` connects as.
public protocol LocalEndpoint: Sendable {
    var platform: CollaborationPlatform { get }
    /// The SIP URI of the AD user this endpoint acts as.
    var ownerUri: String { get }
    var password: String { get }
}

/// A person's endpoint (client-like applications).
public struct UserEndpoint: LocalEndpoint {
    public let platform: CollaborationPlatform
    public let ownerUri: String
    public let password: String

    public init(platform: CollaborationPlatform, ownerUri: String, password: String) {
        self.platform = platform
        self.ownerUri = ownerUri
        self.password = password
    }
}

/// A middle-tier application's endpoint (bots). Like Lync, it must be an AD user, never a contact object.
public struct ApplicationEndpoint: LocalEndpoint {
    public let platform: CollaborationPlatform
    public let ownerUri: String
    public let password: String

    public init(platform: CollaborationPlatform, ownerUri: String, password: String) {
        self.platform = platform
        self.ownerUri = ownerUri
        self.password = password
    }
}
