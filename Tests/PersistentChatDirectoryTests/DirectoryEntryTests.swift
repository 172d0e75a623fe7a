import Foundation
import Testing
@testable import PersistentChatDirectory

@Suite("Directory entries")
struct DirectoryEntryTests {
    private func entry(_ ldif: String) throws -> DirectoryEntry {
        let record = try #require(try LDIFParser.parse(ldif).first)
        return try DirectoryEntry(record: record)
    }

    @Test func readsUserAttributes() throws {
        let directory = try sampleDirectory()
        let alice = try #require(directory.entry(sipAddress: "sip:alice@contoso.com"))
        #expect(alice.kind == .user)
        #expect(alice.objectClasses == ["top", "person", "organizationalPerson", "user"])
        #expect(alice.displayName == "Alice Smith")
        #expect(alice.givenName == "Alice")
        #expect(alice.surname == "Smith")
        #expect(alice.mail == "alice@contoso.com")
        #expect(alice.sipAddress == "sip:alice@contoso.com")
        #expect(alice.isSIPEnabled)
        #expect(alice.passwordHash?.hasPrefix("{SSHA256}") == true)
        #expect(alice.memberOf == [try dn("CN=Engineers,OU=Groups,DC=contoso,DC=com")])
        #expect(alice.line == 20)
    }

    @Test func objectGUIDFromBinaryUsesActiveDirectoryByteOrder() throws {
        let alice = try #require(try sampleDirectory().entry(sipAddress: "sip:alice@contoso.com"))
        #expect(alice.objectGUID == UUID(uuidString: "12345678-9ABC-DEF0-1122-334455667788"))
    }

    @Test func objectGUIDFromText() throws {
        let bob = try #require(try sampleDirectory().entry(sipAddress: "sip:bob@contoso.com"))
        #expect(bob.objectGUID == UUID(uuidString: "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"))
        let plain = try entry("dn: CN=x,DC=com\nobjectGUID: 12345678-9abc-def0-1122-334455667788\n")
        #expect(plain.objectGUID == UUID(uuidString: "12345678-9ABC-DEF0-1122-334455667788"))
    }

    @Test func kindsFollowObjectClass() {
        #expect(DirectoryObjectKind(objectClasses: ["top", "person", "organizationalPerson", "user"]) == .user)
        #expect(DirectoryObjectKind(objectClasses: ["top", "person", "organizationalPerson", "contact"]) == .contact)
        #expect(DirectoryObjectKind(objectClasses: ["top", "group"]) == .group)
        #expect(DirectoryObjectKind(objectClasses: ["organizationalUnit"]) == .organizationalUnit)
        #expect(DirectoryObjectKind(objectClasses: ["container"]) == .organizationalUnit)
        #expect(DirectoryObjectKind(objectClasses: ["top", "domain", "domainDNS"]) == .domain)
        #expect(DirectoryObjectKind(objectClasses: ["USER"]) == .user)
        #expect(DirectoryObjectKind(objectClasses: ["top", "person", "organizationalPerson", "user", "computer"]) == .other)
        #expect(DirectoryObjectKind(objectClasses: []) == .other)
    }

    @Test(arguments: [
        ("dn: CN=x,DC=com\nmsRTCSIP-UserEnabled: yes\n", 2, "msRTCSIP-UserEnabled must be TRUE or FALSE, not 'yes'"),
        ("dn: CN=x,DC=com\nobjectClass: user\nmsRTCSIP-PrimaryUserAddress: alice@contoso.com\n", 3, "msRTCSIP-PrimaryUserAddress 'alice@contoso.com' is not a sip:user@host URI"),
        ("dn: CN=x,DC=com\nobjectGUID:: AAEC\n", 2, "objectGUID must be 16 base64-encoded bytes or a textual UUID"),
        ("dn: CN=x,DC=com\nobjectGUID: not-a-guid\n", 2, "objectGUID must be 16 base64-encoded bytes or a textual UUID"),
        ("dn: CN=x,DC=com\nmember: nonsense\n", 2, "invalid DN in 'member': missing '=' in distinguished name component 'nonsense'"),
        ("dn: CN=x,DC=com\nmsRTCSIP-PrimaryUserAddress: sip:a@b\nmsRTCSIP-PrimaryUserAddress: sip:c@d\n", 3, "'msRTCSIP-PrimaryUserAddress' of 'CN=x,DC=com' must have a single value"),
    ])
    func refusesBadAttributes(ldif: String, line: Int, message: String) {
        #expect(throws: DirectoryLoadError(line: line, message: message)) { try entry(ldif) }
    }

    @Test func sipEnabledIsCaseInsensitiveAndDefaultsToFalse() throws {
        #expect(try entry("dn: CN=x,DC=com\nmsRTCSIP-UserEnabled: tRuE\n").isSIPEnabled)
        #expect(try !entry("dn: CN=x,DC=com\nmsRTCSIP-UserEnabled: false\n").isSIPEnabled)
        #expect(try !entry("dn: CN=x,DC=com\n").isSIPEnabled)
    }

    @Test func sipAddressesAreNormalized() {
        #expect(SIPAddress.normalize(" SIP:Alice@Contoso.COM ") == "sip:alice@contoso.com")
        #expect(SIPAddress.normalize("alice@contoso.com") == nil)
        #expect(SIPAddress.normalize("sip:") == nil)
        #expect(SIPAddress.normalize("sip:alice") == nil)
        #expect(SIPAddress.normalize("sip:al ice@contoso.com") == nil)
        #expect(SIPAddress.normalize("tel:+15551234") == nil)
    }
}
