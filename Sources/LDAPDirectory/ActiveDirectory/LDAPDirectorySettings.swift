import PersistentChatDirectory

/// Where pchatd reads identities from when server.yaml says `directory: {ldap: …}` (docs/directory.md).
public struct LDAPDirectorySettings: Sendable, Equatable {
    /// The server and how to reach it (TLS, CA file, time-outs).
    public var connection: LDAPConnectionSettings
    /// The service account that searches users and groups; nil: anonymous searches.
    public var serviceAccount: ServiceAccount?
    /// The domain naming context, e.g. `DC=contoso,DC=com`: users are looked for under it and must lie in it.
    public var baseDN: DistinguishedName
    /// An extra filter every user must match, e.g. `(memberOf=CN=Chat Users,OU=Groups,DC=contoso,DC=com)`.
    public var userFilter: String?
    /// Where groups are read from; nil: under ``baseDN``.
    public var groupBase: DistinguishedName?
    /// Connections (and threads) for searches, and as many again for the binds that check passwords.
    public var poolSize: Int
    /// How often the users, groups and OUs are read again: changes reach pchatd within this time.
    public var refresh: Duration
    /// How long role checks go on using what was last read while the directory cannot be reached; past it, joins and
    /// role checks are refused until the directory answers.
    public var cacheLifetime: Duration
    /// Entries per page of a search (RFC 2696); Active Directory's MaxPageSize is 1,000 by default.
    public var pageSize: Int
    /// Most users one ``ActiveDirectory/findUsers(matching:limit:)`` returns, whatever the caller asks.
    public var searchSizeLimit: Int

    /// The account pchatd binds as to search: its DN and password.
    public struct ServiceAccount: Sendable, Equatable {
        public var dn: String
        public var password: String

        public init(dn: String, password: String) {
            self.dn = dn
            self.password = password
        }
    }

    /// `refresh` when server.yaml gives none.
    public static let defaultRefresh: Duration = .seconds(60)
    /// `cache_lifetime` when server.yaml gives none.
    public static let defaultCacheLifetime: Duration = .seconds(3600)
    /// `pool_size`, `page_size` and `search_limit` when server.yaml gives none.
    public static let defaultPoolSize = 4
    public static let defaultPageSize = 500
    public static let defaultSearchSizeLimit = 1000

    public init(connection: LDAPConnectionSettings, serviceAccount: ServiceAccount?, baseDN: DistinguishedName,
                userFilter: String? = nil, groupBase: DistinguishedName? = nil, poolSize: Int = defaultPoolSize,
                refresh: Duration = defaultRefresh, cacheLifetime: Duration = defaultCacheLifetime, pageSize: Int = defaultPageSize,
                searchSizeLimit: Int = defaultSearchSizeLimit) {
        self.connection = connection
        self.serviceAccount = serviceAccount
        self.baseDN = baseDN
        self.userFilter = userFilter
        self.groupBase = groupBase
        self.poolSize = poolSize
        self.refresh = refresh
        self.cacheLifetime = cacheLifetime
        self.pageSize = pageSize
        self.searchSizeLimit = searchSizeLimit
    }
}
