import LDAPDirectory
import PersistentChatDirectory
import YAMLConfig

extension ServerFile {
    /// `directory`: exactly one of `ldif` (a file) and `ldap` (a server).
    struct Directory: Decodable {
        var ldif: String?
        var ldap: LDAPFile?

        private enum CodingKeys: String, CodingKey, CaseIterable { case ldif, ldap }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            ldif = try container.decodeIfPresent(String.self, forKey: .ldif)
            ldap = try container.decodeIfPresent(LDAPFile.self, forKey: .ldap)
            switch (ldif, ldap) {
            case (nil, nil):
                throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath,
                                                        debugDescription: "give ldif (a file) or ldap (a server)"))
            case (_?, _?):
                throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath,
                                                        debugDescription: "give ldif or ldap, not both"))
            default:
                break
            }
        }
    }

    /// `directory.ldap`, each key checked on its own; the password is read by the loader.
    struct LDAPFile: Decodable {
        var url: LDAPURL
        var startTLS: Bool
        var insecure: Bool
        var caFile: String?
        var bindDN: String?
        var password: SecretSource?
        var baseDN: DistinguishedName
        var userFilter: String?
        var groupBase: DistinguishedName?
        var connectTimeout: ConfigDuration?
        var searchTimeout: ConfigDuration?
        var poolSize = LDAPDirectorySettings.defaultPoolSize
        var refresh: ConfigDuration?
        var cacheLifetime: ConfigDuration?
        var pageSize = LDAPDirectorySettings.defaultPageSize
        var searchLimit = LDAPDirectorySettings.defaultSearchSizeLimit

        enum CodingKeys: String, CodingKey, CaseIterable {
            case url, startTLS = "start_tls", insecure, caFile = "ca_file", bindDN = "bind_dn"
            case passwordFile = "password_file", passwordEnv = "password_env", baseDN = "base_dn", userFilter = "user_filter"
            case groupBase = "group_base", connectTimeout = "connect_timeout", searchTimeout = "search_timeout"
            case poolSize = "pool_size", refresh, cacheLifetime = "cache_lifetime", pageSize = "page_size"
            case searchLimit = "search_limit"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let urlText = try container.decode(String.self, forKey: .url)
            switch LDAPURL.parse(urlText) {
            case .success(let parsed): url = parsed
            case .failure(let error): throw DecodingError.dataCorruptedError(forKey: .url, in: container, debugDescription: error.description)
            }
            insecure = try container.decodeIfPresent(Bool.self, forKey: .insecure) ?? false
            startTLS = try container.decodeIfPresent(Bool.self, forKey: .startTLS) ?? !url.isLDAPS
            if url.isLDAPS, startTLS {
                throw DecodingError.dataCorruptedError(forKey: .startTLS, in: container,
                                                       debugDescription: "ldaps:// is TLS from the start; StartTLS is for ldap://")
            }
            if !url.isLDAPS, !startTLS, !url.isLoopback, !insecure {
                throw DecodingError.dataCorruptedError(
                    forKey: .startTLS, in: container,
                    debugDescription: "\(url.host) is not a loopback address: passwords would cross the network in clear text; "
                        + "use ldaps:// or StartTLS, or set insecure: true")
            }
            caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
            bindDN = try container.decodeIfPresent(String.self, forKey: .bindDN)
            let hasPassword = container.contains(.passwordFile) || container.contains(.passwordEnv)
            if bindDN != nil {
                password = try SecretSource(from: container, environmentKey: .passwordEnv, fileKey: .passwordFile)
            } else if hasPassword {
                throw DecodingError.dataCorruptedError(forKey: .bindDN, in: container,
                                                       debugDescription: "a password is given but no bind_dn to bind as")
            }
            baseDN = try Self.distinguishedName(container, .baseDN)
            groupBase = container.contains(.groupBase) ? try Self.distinguishedName(container, .groupBase) : nil
            userFilter = try container.decodeIfPresent(String.self, forKey: .userFilter)
            if let userFilter, let problem = LDAPFilter.problem(in: userFilter) {
                throw DecodingError.dataCorruptedError(forKey: .userFilter, in: container, debugDescription: "'\(userFilter)': \(problem)")
            }
            connectTimeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .connectTimeout)
            searchTimeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .searchTimeout)
            refresh = try container.decodeIfPresent(ConfigDuration.self, forKey: .refresh)
            cacheLifetime = try container.decodeIfPresent(ConfigDuration.self, forKey: .cacheLifetime)
            let refreshing = refresh?.duration ?? LDAPDirectorySettings.defaultRefresh
            let lifetime = cacheLifetime?.duration ?? LDAPDirectorySettings.defaultCacheLifetime
            if lifetime < refreshing * 2 {
                throw DecodingError.dataCorruptedError(
                    forKey: container.contains(.cacheLifetime) ? .cacheLifetime : .refresh, in: container,
                    debugDescription: "cache_lifetime (\(lifetime)) must be at least twice refresh (\(refreshing)), or the directory would expire between two reads")
            }
            try container.decode(.poolSize, within: 1...64, into: &poolSize)
            try container.decode(.pageSize, within: 1...10_000, into: &pageSize)
            try container.decode(.searchLimit, within: 1...100_000, into: &searchLimit)
        }

        private static func distinguishedName(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> DistinguishedName {
            let text = try container.decode(String.self, forKey: key)
            do {
                return try DistinguishedName(text)
            } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "'\(text)' is not a distinguished name (\(error))")
            }
        }

        /// The settings, with `password` (read by the loader) and `caFile` resolved.
        func settings(password: String?, resolve: (String) -> String) -> LDAPDirectorySettings {
            var connection = LDAPConnectionSettings(url: url, startTLS: startTLS && !url.isLDAPS, caFile: caFile.map(resolve))
            if let connectTimeout { connection.connectTimeout = connectTimeout.duration }
            if let searchTimeout { connection.operationTimeout = searchTimeout.duration }
            return LDAPDirectorySettings(
                connection: connection,
                serviceAccount: bindDN.map { LDAPDirectorySettings.ServiceAccount(dn: $0, password: password ?? "") },
                baseDN: baseDN, userFilter: userFilter, groupBase: groupBase, poolSize: poolSize,
                refresh: refresh?.duration ?? LDAPDirectorySettings.defaultRefresh,
                cacheLifetime: cacheLifetime?.duration ?? LDAPDirectorySettings.defaultCacheLifetime,
                pageSize: pageSize, searchSizeLimit: searchLimit)
        }
    }
}
