import Foundation
import Testing
@testable import PersistentChatDirectory

/// The LDIF the builder writes loads back as the directory it describes, and its users sign in.
@Suite("Directory LDIF builder")
struct DirectoryLDIFBuilderTests {
    static func sample() -> DirectoryLDIFBuilder {
        var builder = DirectoryLDIFBuilder(password: "pa55word")
        builder.addDomain("DC=contoso,DC=com")
        builder.addOrganizationalUnit("OU=Staff,DC=contoso,DC=com")
        builder.addGroup("CN=Support,OU=Staff,DC=contoso,DC=com", members: ["CN=Alice,OU=Staff,DC=contoso,DC=com"])
        builder.addUser("CN=Alice,OU=Staff,DC=contoso,DC=com", sipAddress: "sip:alice@contoso.com", displayName: "Alice Tester",
                        givenName: "Alice", surname: "Tester", mail: "alice@contoso.com")
        builder.addUser("CN=Dave,OU=Staff,DC=contoso,DC=com", sipAddress: "sip:dave@contoso.com", enabled: false)
        builder.addContact("CN=App,CN=Services,CN=Configuration,DC=contoso,DC=com", sipAddress: "sip:app@contoso.com")
        return builder
    }

    @Test func entriesLoadInOrderWithTheirKindsAndAttributes() throws {
        let directory = try Directory.parse(ldif: Self.sample().ldif, logger: quietLogger)
        #expect(directory.allEntries.map(\.kind) == [.domain, .organizationalUnit, .group, .user, .user, .contact])
        let alice = try #require(directory.entry(sipAddress: "sip:alice@contoso.com"))
        #expect(alice.displayName == "Alice Tester" && alice.givenName == "Alice" && alice.surname == "Tester")
        #expect(alice.mail == "alice@contoso.com" && alice.isSIPEnabled)
        #expect(directory.groups(of: alice.dn) == [try dn("CN=Support,OU=Staff,DC=contoso,DC=com")])
        let dave = try #require(directory.entry(sipAddress: "sip:dave@contoso.com"))
        #expect(!dave.isSIPEnabled && dave.displayName == nil && dave.mail == nil)
        #expect(directory.entry(sipAddress: "sip:app@contoso.com")?.kind == .contact)
    }

    @Test func usersSignInWithThePasswordAndOnlyWithIt() throws {
        let directory = try Directory.parse(ldif: Self.sample().ldif, logger: quietLogger)
        #expect((try? directory.authenticate(sipURI: "sip:alice@contoso.com", password: "pa55word").get()) != nil)
        #expect((try? directory.authenticate(sipURI: "sip:alice@contoso.com", password: "wrong").get()) == nil)
    }

    @Test func valuesLDIFCannotCarryAsTheyAreAreBase64Encoded() throws {
        var builder = DirectoryLDIFBuilder(passwordHash: "{SSHA256}unused")
        builder.addDomain("DC=contoso,DC=com")
        builder.addUser("CN=Zoe,DC=contoso,DC=com", sipAddress: "sip:zoe@contoso.com", displayName: "Zoë Ångström",
                        givenName: " leading", surname: ":colon", mail: "trailing ")
        #expect(builder.ldif.contains("displayName:: \(Data("Zoë Ångström".utf8).base64EncodedString())"))
        let records = try LDIFParser.parse(builder.ldif)
        let zoe = try #require(records.last)
        #expect(zoe.first("displayName") == "Zoë Ångström")
        #expect(zoe.first("givenName") == " leading")
        #expect(zoe.first("sn") == ":colon")
        #expect(zoe.first("mail") == "trailing ")
        #expect(zoe.first("userPassword") == "{SSHA256}unused")
    }
}
