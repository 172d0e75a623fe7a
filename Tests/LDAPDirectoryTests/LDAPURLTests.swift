import LDAPDirectory
import Testing

/// Server addresses: the scheme, host and port only, with the ports LDAP and LDAPS use when none is given.
@Suite struct LDAPURLTests {
    @Test(arguments: [
        ("ldaps://dc1.contoso.com", true, "dc1.contoso.com", 636),
        ("ldap://dc1.contoso.com", false, "dc1.contoso.com", 389),
        ("LDAP://DC1:3268/", false, "DC1", 3268),
        ("ldaps://[::1]:1636", true, "::1", 1636),
        ("ldap://127.0.0.1:10389", false, "127.0.0.1", 10389),
    ])
    func addressesParse(text: String, isLDAPS: Bool, host: String, port: Int) throws {
        let url = try LDAPURL.parse(text).get()
        #expect(url.isLDAPS == isLDAPS && url.host == host && url.port == port)
    }

    @Test(arguments: [
        ("http://dc1", "scheme"),
        ("ldap://", "host is missing"),
        ("ldap://dc1:0", "not a port"),
        ("ldap://dc1:99999", "not a port"),
        ("ldap://dc1/DC=contoso,DC=com", "only the host and port"),
        ("ldap://user@dc1", "only the host and port"),
        ("ldaps://[::1", "must end with ']'"),
    ])
    func mistakesAreNamed(text: String, reason: String) {
        guard case .failure(let error) = LDAPURL.parse(text) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(error.reason.contains(reason), "\(error)")
    }

    @Test func loopbackIsToldApart() throws {
        for text in ["ldap://127.0.0.1", "ldap://localhost:389", "ldap://[::1]"] {
            #expect(try LDAPURL.parse(text).get().isLoopback, "\(text)")
        }
        for text in ["ldap://dc1.contoso.com", "ldap://10.0.0.5", "ldap://128.0.0.1", "ldap://127.example.com", "ldap://127.0.0.1.example.com"] {
            #expect(try !LDAPURL.parse(text).get().isLoopback, "\(text)")
        }
    }
}
