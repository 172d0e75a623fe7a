import Foundation
import PersistentChatProtocol
import YAMLConfig

/// Everything `pchatd` reads from `server.yaml` (documented in docs/configuration.md).
public struct ServerConfiguration: Sendable {
    /// The SIP domain the server serves, e.g. `contoso.com`.
    public var domain: String
    /// The pool's friendly name.
    public var displayName: String
    /// Host to bind; loopback by default.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Folder for the SQLite database and files (created when missing).
    public var dataDirectory: String
    /// Where identities come from: an LDIF file or an LDAP server.
    public var directory: DirectorySource
    public var limits: ServerLimits
    public var categories: [CategoryDefinition]
    public var rooms: [RoomDefinition]
    /// Principals who may read any user's or group's details (Lync "system users").
    public var systemUsers: [String]
    /// The file the configuration came from, for messages.
    public var sourceFile: String
    /// `tls`: serve `wss://` and `https://` with this certificate and key (absolute paths); nil: plain text.
    public var tls: TLSFiles?
    /// `insecure_plaintext`: allows plain text on an address that is not loopback (a TLS proxy in front).
    public var insecurePlaintext = false
    /// `metrics.listen`: the operations listener (`/metrics`, `/health`, `/ready`); nil: none (`/health` and `/ready`
    /// are still served on the chat port).
    public var metricsListen: HostAndPort?
    /// `web_client`: the browser client served on the chat port, and its session tokens.
    public var webClient = WebClientSettings()
    /// `add_ins`: the registered add-ins, in file order; names unique, ignoring case.
    public var addIns: [AddInDefinition] = []

    public init(domain: String, displayName: String, host: String, port: Int, dataDirectory: String,
                directoryLDIF: String, limits: ServerLimits = ServerLimits(), categories: [CategoryDefinition],
                rooms: [RoomDefinition], systemUsers: [String] = [], sourceFile: String = "(in memory)") {
        self.domain = domain
        self.displayName = displayName
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.directory = .ldif(path: directoryLDIF)
        self.limits = limits
        self.categories = categories
        self.rooms = rooms
        self.systemUsers = systemUsers
        self.sourceFile = sourceFile
    }
}

/// Size and count limits, all with Lync-like defaults.
public struct ServerLimits: Sendable, Equatable {
    /// Largest message text in UTF-8 bytes.
    public var messageSize = ProtocolLimits.defaultMessageSizeLimit
    /// Largest story body in UTF-8 bytes.
    public var storySize = ProtocolLimits.defaultStorySizeLimit
    /// Largest WebSocket frame in bytes; larger frames close the connection.
    public var frameSize = ProtocolLimits.defaultFrameSizeLimit
    /// Messages sent with a join (Lync DefaultChatHistory, 1–500).
    public var defaultHistory = 30
    /// Most messages one history or search request returns.
    public var searchLimit = 999
    /// Commands one connection may have waiting before it is told to slow down (the bytes waiting to be sent to it are
    /// bounded by ``ConnectionLimits/outboundBytes``).
    public var outboundQueue = 4096
    /// Largest number of posts committed in one transaction.
    public var commitBatch = 512
    /// Above this many joined sessions a room stops announcing joins and leaves and sends no roster (Lync default 75).
    public var participantUpdateLimit = 75
    /// Largest uploaded file in bytes (Lync default 20,000 KB).
    public var fileSize = 20_000 * 1024
    /// Minutes a file-transfer token stays valid (Lync: 30).
    public var fileTokenMinutes = 30
    /// Quotas per user (`limits.per_user`).
    public var perUser = PerUserLimits()
    /// Failed sign-ins and password checks (`limits.sign_in`).
    public var signIn = SignInLimits()
    /// Timeouts and caps on connections, and the bytes waiting for each (`limits.connections`).
    public var connections = ConnectionLimits()

    public init() {}
}

/// A category as configured.
public struct CategoryDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    /// Principals (sip: URIs or DNs) allowed in the category's rooms.
    public var scope: [String]
    /// Principals who may create rooms here.
    public var creators: [String]
    public var invitations: Bool
    public var fileUpload: Bool
    /// Whether messages are stored.
    public var history: Bool

    public init(name: String, description: String = "", scope: [String], creators: [String] = [],
                invitations: Bool = true, fileUpload: Bool = true, history: Bool = true) {
        self.name = name
        self.description = description
        self.scope = scope
        self.creators = creators
        self.invitations = invitations
        self.fileUpload = fileUpload
        self.history = history
    }
}

/// A room as configured; created at start-up when missing.
public struct RoomDefinition: Sendable, Equatable {
    public var name: String
    public var category: String
    public var description: String
    public var privacy: ChatRoomPrivacy
    public var behavior: ChatRoomBehavior
    public var members: [String]
    public var managers: [String]
    public var presenters: [String]
    /// The name of a registered add-in (``ServerConfiguration/addIns``), as registered once loaded.
    public var addIn: String?

    public init(name: String, category: String, description: String = "", privacy: ChatRoomPrivacy = .closed,
                behavior: ChatRoomBehavior = .normal, members: [String] = [], managers: [String] = [],
                presenters: [String] = [], addIn: String? = nil) {
        self.addIn = addIn
        self.name = name
        self.category = category
        self.description = description
        self.privacy = privacy
        self.behavior = behavior
        self.members = members
        self.managers = managers
        self.presenters = presenters
    }
}
