import Testing
@testable import PersistentChatDirectory

@Suite("Identity rule")
struct AuthenticationTests {
    @Test func enabledUsersWithTheRightPasswordSignIn() throws {
        let directory = try sampleDirectory()
        let alice = try directory.authenticate(sipURI: "sip:Alice@contoso.com", password: SamplePasswords.alice).get()
        #expect(alice.displayName == "Alice Smith")
        let bob = try directory.authenticate(sipURI: "sip:bob@contoso.com", password: SamplePasswords.bob).get()
        #expect(bob.displayName == "Bob Jones")
    }

    @Test(arguments: [
        ("alice@contoso.com", "x", IdentityRefusal.invalidURI("alice@contoso.com")),
        ("sip:nobody@contoso.com", "x", .unknownURI("sip:nobody@contoso.com")),
        ("sip:app@contoso.com", SamplePasswords.alice, .contactObject("sip:app@contoso.com")),
        ("sip:outside@contoso.com", "x", .contactObject("sip:outside@contoso.com")),
        ("sip:stray@contoso.com", SamplePasswords.alice, .configurationPartition("sip:stray@contoso.com")),
        ("sip:engineers@contoso.com", "x", .notAUser("sip:engineers@contoso.com", .group)),
        ("sip:nowhere@contoso.com", SamplePasswords.alice, .notInDomain("sip:nowhere@contoso.com")),
        ("sip:alice@contoso.com", "wrong", .wrongPassword("sip:alice@contoso.com")),
        ("sip:bob@contoso.com", SamplePasswords.alice, .wrongPassword("sip:bob@contoso.com")),
        ("sip:dave@contoso.com", "dave-pw", .wrongPassword("sip:dave@contoso.com")),
        ("sip:frank@contoso.com", "frank-pw", .wrongPassword("sip:frank@contoso.com")),
        ("sip:grace@contoso.com", "", .wrongPassword("sip:grace@contoso.com")),
        ("sip:carol@contoso.com", SamplePasswords.carol, .userDisabled("sip:carol@contoso.com")),
        ("sip:carol@contoso.com", "wrong", .wrongPassword("sip:carol@contoso.com")),
    ])
    func refusals(uri: String, password: String, expected: IdentityRefusal) throws {
        let result = try sampleDirectory().authenticate(sipURI: uri, password: password)
        #expect(throws: expected) { try result.get() }
    }

    @Test func codesAndMessages() {
        let contact = IdentityRefusal.contactObject("sip:app@contoso.com")
        #expect(contact.code == "identity.contactObject")
        #expect(contact.message == "sip:app@contoso.com is a contact object (trusted application endpoints are contacts); Persistent Chat endpoints must be AD user objects")
        let codes: [IdentityRefusal] = [
            .invalidURI("x"), .unknownURI("x"), .contactObject("x"), .configurationPartition("x"),
            .notAUser("x", .organizationalUnit), .notInDomain("x"), .wrongPassword("x"), .userDisabled("x"),
        ]
        #expect(codes.map(\.code) == [
            "identity.invalidURI", "identity.unknownURI", "identity.contactObject", "identity.configurationPartition",
            "identity.notAUser", "identity.notInDomain", "identity.wrongPassword", "identity.userDisabled",
        ])
        #expect(codes.allSatisfy { $0.message.contains("x") })
        #expect(IdentityRefusal.notAUser("sip:g@contoso.com", .group).message.contains("kind group"))
    }
}
