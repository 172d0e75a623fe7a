import Foundation
import LDAPDirectory
import PersistentChatServer
import Testing
import YAMLConfig

/// server.yaml's `directory.ldap`: every key read into its setting, and each mistake named by file, line, key and reason.
@Suite struct LDAPConfigurationTests {
    static func yaml(_ ldap: String) -> String {
        "domain: contoso.com\ndirectory:\n  ldap:\n" + ldap.split(separator: "\n").map { "    \($0)\n" }.joined()
    }

    static func load(_ text: String) throws -> ServerConfiguration {
        try ServerConfigurationLoader.load(YAMLConfigFile(path: "/etc/pchat/server.yaml", text: text))
    }

    @Test func everyKeyIsRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ldap-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# the service account\nsvc-secret\n".write(to: folder.appendingPathComponent("ldap.password"), atomically: true, encoding: .utf8)
        let text = Self.yaml("""
        url: ldaps://dc1.contoso.com
        ca_file: contoso-ca.pem
        bind_dn: CN=pchatd,OU=Service Accounts,DC=contoso,DC=com
        password_file: ldap.password
        base_dn: DC=contoso,DC=com
        user_filter: (memberOf=CN=Chat Users,OU=Groups,DC=contoso,DC=com)
        group_base: OU=Groups,DC=contoso,DC=com
        connect_timeout: 3s
        search_timeout: 7s
        pool_size: 8
        refresh: 30s
        cache_lifetime: 2h
        page_size: 250
        search_limit: 200
        """)
        let configuration = try ServerConfigurationLoader.load(YAMLConfigFile(path: folder.appendingPathComponent("server.yaml").path, text: text))
        guard case .ldap(let settings) = configuration.directory else {
            Issue.record("not an LDAP directory: \(configuration.directory)")
            return
        }
        #expect(settings.connection.url.description == "ldaps://dc1.contoso.com:636")
        #expect(settings.connection.startTLS == false && settings.connection.usesTLS)
        #expect(settings.connection.caFile == folder.appendingPathComponent("contoso-ca.pem").path)
        #expect(settings.connection.connectTimeout == .seconds(3) && settings.connection.operationTimeout == .seconds(7))
        #expect(settings.serviceAccount == .init(dn: "CN=pchatd,OU=Service Accounts,DC=contoso,DC=com", password: "svc-secret"))
        #expect(settings.baseDN.description == "DC=contoso,DC=com")
        #expect(settings.userFilter == "(memberOf=CN=Chat Users,OU=Groups,DC=contoso,DC=com)")
        #expect(settings.groupBase?.description == "OU=Groups,DC=contoso,DC=com")
        #expect(settings.poolSize == 8 && settings.pageSize == 250 && settings.searchSizeLimit == 200)
        #expect(settings.refresh == .seconds(30) && settings.cacheLifetime == .seconds(7200))
    }

    @Test func plainLDAPUsesStartTLSUnlessTheServerIsLoopback() throws {
        let remote = try Self.load(Self.yaml("url: ldap://dc1.contoso.com\nbase_dn: DC=contoso,DC=com"))
        guard case .ldap(let settings) = remote.directory else { throw CocoaError(.featureUnsupported) }
        #expect(settings.connection.startTLS && settings.connection.url.port == 389)
        let local = try Self.load(Self.yaml("url: ldap://127.0.0.1:3389\nstart_tls: false\nbase_dn: DC=contoso,DC=com"))
        guard case .ldap(let loopback) = local.directory else { throw CocoaError(.featureUnsupported) }
        #expect(!loopback.connection.usesTLS)
        let insecure = try Self.load(Self.yaml("url: ldap://dc1.contoso.com\nstart_tls: false\ninsecure: true\nbase_dn: DC=contoso,DC=com"))
        guard case .ldap(let plain) = insecure.directory else { throw CocoaError(.featureUnsupported) }
        #expect(!plain.connection.usesTLS)
    }

    @Test(arguments: [
        ("url: http://dc1\nbase_dn: DC=contoso,DC=com", "directory.ldap.url", "ldaps:// or ldap://"),
        ("url: ldap://dc1.contoso.com/DC=x\nbase_dn: DC=contoso,DC=com", "directory.ldap.url", "only the host and port"),
        ("url: ldap://dc1.contoso.com\nstart_tls: false\nbase_dn: DC=contoso,DC=com", "directory.ldap.start_tls", "insecure: true"),
        ("url: ldaps://dc1.contoso.com\nstart_tls: true\nbase_dn: DC=contoso,DC=com", "directory.ldap.start_tls", "StartTLS is for ldap://"),
        ("url: ldaps://dc1\nbind_dn: CN=pchatd,DC=contoso,DC=com\nbase_dn: DC=contoso,DC=com", "directory.ldap", "password_env or password_file"),
        ("url: ldaps://dc1\npassword_env: LDAP_PASSWORD\nbase_dn: DC=contoso,DC=com", "directory.ldap.bind_dn", "no bind_dn"),
        ("url: ldaps://dc1\nbase_dn: contoso.com", "directory.ldap.base_dn", "not a distinguished name"),
        ("url: ldaps://dc1\nbase_dn: DC=contoso,DC=com\nuser_filter: department=Sales", "directory.ldap.user_filter", "parentheses"),
        ("url: ldaps://dc1\nbase_dn: DC=contoso,DC=com\nuser_filter: (a=b)(c=d)", "directory.ldap.user_filter", "join several"),
        ("url: ldaps://dc1\nbase_dn: DC=contoso,DC=com\nuser_filter: \"(&(a=b)\"", "directory.ldap.user_filter", "left open"),
        ("url: ldaps://dc1\nbase_dn: DC=contoso,DC=com\npool_size: 0", "directory.ldap.pool_size", "must be between 1 and 64, got 0"),
        ("url: ldaps://dc1\nbase_dn: DC=contoso,DC=com\nrefresh: soon", "directory.ldap.refresh", "duration"),
        ("url: ldaps://dc1\nbase_dn: DC=contoso,DC=com\ncolour: red", "directory.ldap.colour", "unknown key"),
        ("url: ldaps://dc1\nbind_dn: CN=pchatd,DC=contoso,DC=com\npassword_file: /nonexistent/ldap.password\nbase_dn: DC=contoso,DC=com",
         "directory.ldap.password_file", "cannot read"),
        ("url: ldaps://dc1", "directory.ldap.base_dn", "missing"),
        ("url: ldaps://dc1\nbase_dn: DC=contoso,DC=com\nrefresh: 10m\ncache_lifetime: 15m", "directory.ldap.cache_lifetime", "at least twice refresh"),
        ("url: ldaps://dc1\nbase_dn: DC=contoso,DC=com\nrefresh: 45m", "directory.ldap.refresh", "at least twice refresh"),
    ])
    func mistakesAreNamed(ldap: String, key: String, reason: String) {
        #expect {
            _ = try Self.load(Self.yaml(ldap))
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "/etc/pchat/server.yaml" && error.key == key && error.reason.contains(reason)
        }
    }

    @Test(arguments: [
        ("directory: {ldif: d.ldif, ldap: {url: ldaps://dc1, base_dn: DC=contoso}}", "not both"),
        ("directory: {}", "give ldif"),
    ])
    func exactlyOneDirectoryKind(directory: String, reason: String) {
        #expect {
            _ = try Self.load("domain: contoso.com\n\(directory)\n")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.key == "directory" && error.reason.contains(reason)
        }
    }
}
