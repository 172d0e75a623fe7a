import Testing
@testable import PersistentChatDirectory

@Suite("Groups and principals")
struct PrincipalTests {
    @Test func nestedGroupsResolveTransitivelyThroughACycle() throws {
        let directory = try sampleDirectory()
        let engineers = try dn("CN=Engineers,OU=Groups,DC=contoso,DC=com")
        let platform = try dn("CN=Platform Team,OU=Groups,DC=contoso,DC=com")
        let everyone = try dn("CN=Everyone,OU=Groups,DC=contoso,DC=com")
        let managers = try dn("CN=Managers,OU=Groups,DC=contoso,DC=com")
        // Alice via memberOf; Bob via member on Platform Team; the three groups form a cycle.
        #expect(directory.groups(of: try dn("CN=Alice Smith,OU=Engineering,OU=Staff,DC=contoso,DC=com")) == [engineers, platform, everyone])
        #expect(directory.groups(of: try dn("CN=Bob Jones,OU=Staff,DC=contoso,DC=com")) == [engineers, platform, everyone])
        #expect(directory.groups(of: engineers) == [engineers, platform, everyone])
        #expect(directory.groups(of: try dn("CN=Carol Disabled,OU=Staff,DC=contoso,DC=com")) == [managers])
        #expect(directory.groups(of: try dn("CN=Frank Plain,OU=Staff,DC=contoso,DC=com")).isEmpty)
    }

    @Test func parsesReferences() throws {
        #expect(try PrincipalReference(parsing: " SIP:Bob@Contoso.com ") == .sip("sip:bob@contoso.com"))
        #expect(try PrincipalReference(parsing: "OU=Staff,DC=contoso,DC=com") == .dn(try dn("ou=staff,dc=contoso,dc=com")))
        #expect(try PrincipalReference(parsing: "ou = Staff,dc=contoso,dc=com").description == "OU=Staff,DC=contoso,DC=com")
        #expect(throws: PrincipalReferenceError.self) { try PrincipalReference(parsing: "sip:nohost") }
        #expect(throws: PrincipalReferenceError.self) { try PrincipalReference(parsing: "bob@contoso.com") }
    }

    @Test(arguments: [
        ("sip:alice@contoso.com", DirectoryObjectKind?.some(.user)),
        ("sip:engineers@contoso.com", .group),
        ("sip:app@contoso.com", .contact),
        ("sip:nobody@contoso.com", nil),
        ("CN=Bob Jones,OU=Staff,DC=contoso,DC=com", .user),
        ("CN=Engineers,OU=Groups,DC=contoso,DC=com", .group),
        ("OU=Staff,DC=contoso,DC=com", .organizationalUnit),
        ("CN=Services,CN=Configuration,DC=contoso,DC=com", .organizationalUnit),
        ("DC=contoso,DC=com", .domain),
        ("CN=Outside Contact,OU=Staff,DC=contoso,DC=com", nil),
        ("CN=Configuration,DC=contoso,DC=com", nil),
        ("CN=Ghost,OU=Staff,DC=contoso,DC=com", nil),
    ])
    func resolvesPrincipals(text: String, kind: DirectoryObjectKind?) throws {
        let directory = try sampleDirectory()
        let resolved = directory.resolve(try PrincipalReference(parsing: text))
        #expect(resolved?.kind == kind)
    }

    @Test(arguments: [
        ("sip:alice@contoso.com", true),
        ("sip:bob@contoso.com", false),
        ("CN=Alice Smith,OU=Engineering,OU=Staff,DC=contoso,DC=com", true),
        ("CN=Bob Jones,OU=Staff,DC=contoso,DC=com", false),
        ("CN=Everyone,OU=Groups,DC=contoso,DC=com", true),
        ("CN=Managers,OU=Groups,DC=contoso,DC=com", false),
        ("OU=Engineering,OU=Staff,DC=contoso,DC=com", true),
        ("OU=Staff,DC=contoso,DC=com", true),
        ("OU=Groups,DC=contoso,DC=com", false),
        ("DC=contoso,DC=com", true),
        ("CN=Outside Contact,OU=Staff,DC=contoso,DC=com", false),
        ("OU=Missing,DC=contoso,DC=com", false),
    ])
    func principalIncludesAlice(text: String, expected: Bool) throws {
        let directory = try sampleDirectory()
        let alice = try #require(directory.entry(sipAddress: "sip:alice@contoso.com"))
        #expect(directory.principal(try PrincipalReference(parsing: text), includes: alice) == expected)
    }

    @Test func domainPrincipalExcludesUsersOutsideIt() throws {
        let directory = try sampleDirectory()
        let nowhere = try #require(directory.entry(sipAddress: "sip:nowhere@contoso.com"))
        #expect(!directory.principal(.dn(try dn("DC=contoso,DC=com")), includes: nowhere))
    }

    @Test func findsUsers() throws {
        let directory = try sampleDirectory()
        #expect(directory.findUsers(matching: "SMITH", limit: 10).map(\.displayName) == ["Alice Smith"])
        #expect(directory.findUsers(matching: "bob@", limit: 10).count == 1)
        #expect(directory.findUsers(matching: "ångström", limit: 10).count == 1)
        #expect(directory.findUsers(matching: "contoso.com", limit: 3).count == 3)
        #expect(directory.findUsers(matching: "engineers", limit: 10).isEmpty)
        #expect(directory.findUsers(matching: "app@", limit: 10).isEmpty)
        #expect(directory.findUsers(matching: "  ", limit: 10).isEmpty)
        #expect(directory.findUsers(matching: "alice", limit: 0).isEmpty)
    }
}
