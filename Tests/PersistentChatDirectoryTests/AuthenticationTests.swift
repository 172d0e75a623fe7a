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
        // What describes an account is told only once its password is proven; without a hash it never is.
        ("sip:app@contoso.com", "wrong", .wrongPassword("sip:app@contoso.com")),
        ("sip:outside@contoso.com", "x", .wrongPassword("sip:outside@contoso.com")),
        ("sip:stray@contoso.com", "wrong", .wrongPassword("sip:stray@contoso.com")),
        ("sip:stray@contoso.com", SamplePasswords.alice, .configurationPartition("sip:stray@contoso.com")),
        ("sip:engineers@contoso.com", "x", .wrongPassword("sip:engineers@contoso.com")),
        ("sip:nowhere@contoso.com", SamplePasswords.alice, .notInDomain("sip:nowhere@contoso.com")),
        ("sip:nowhere@contoso.com", "wrong", .wrongPassword("sip:nowhere@contoso.com")),
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

    @Test func aGroupWithAPasswordIsNotAUserOnceThePasswordIsRight() throws {
        var builder = DirectoryLDIFBuilder(passwordHash: "{SSHA256}SGpOP0lUNTkBzRxrFfBzI6OiYNENrmfL2MfSt/tbE6YAAQIDBAUGBwgJCgsMDQ4P")
        builder.addDomain("DC=contoso,DC=com")
        builder.addContact("CN=App,DC=contoso,DC=com", sipAddress: "sip:app@contoso.com")
        let ldif = builder.ldif + "\ndn: CN=Team,DC=contoso,DC=com\nobjectClass: group\nmsRTCSIP-PrimaryUserAddress: sip:team@contoso.com\nuserPassword: \(builder.passwordHash)\n"
        let directory = try Directory.parse(ldif: ldif, logger: quietLogger)
        #expect(throws: IdentityRefusal.notAUser("sip:team@contoso.com", .group)) {
            try directory.authenticate(sipURI: "sip:team@contoso.com", password: SamplePasswords.alice).get()
        }
        #expect(throws: IdentityRefusal.wrongPassword("sip:team@contoso.com")) {
            try directory.authenticate(sipURI: "sip:team@contoso.com", password: "wrong").get()
        }
    }

    @Test func onlyRefusalsAfterAProvenPasswordDescribeTheAccount() {
        #expect(!IdentityRefusal.unknownURI("x").provesPassword)
        #expect(!IdentityRefusal.wrongPassword("x").provesPassword)
        #expect(!IdentityRefusal.invalidURI("x").provesPassword)
        #expect(IdentityRefusal.contactObject("x").provesPassword)
        #expect(IdentityRefusal.userDisabled("x").provesPassword)
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

/// `userAccountControl`'s ACCOUNTDISABLE bit and the base DN, in both directory kinds' identity rule.
@Suite("Identity rule: account flags and base")
struct AccountControlTests {
    static func directory(userAccountControl: String, base: String? = nil) throws -> Directory {
        var builder = DirectoryLDIFBuilder(password: "pw", scheme: .ssha256)
        builder.addDomain("DC=contoso,DC=com")
        builder.addUser("CN=Eve,OU=Staff,DC=contoso,DC=com", sipAddress: "sip:eve@contoso.com")
        let ldif = builder.ldif.replacingOccurrences(of: "msRTCSIP-UserEnabled: TRUE",
                                                     with: "msRTCSIP-UserEnabled: TRUE\nuserAccountControl: \(userAccountControl)")
        let parsed = try Directory.parse(ldif: ldif)
        return try Directory(entries: parsed.allEntries, base: try base.map { try DistinguishedName($0) })
    }

    @Test(arguments: [("512", false), ("514", true), ("66050", true), ("66048", false), ("-2147483646", true)])
    func theDisableBitIsRead(flags: String, disabled: Bool) throws {
        let outcome = try Self.directory(userAccountControl: flags).authenticate(sipURI: "sip:eve@contoso.com", password: "pw")
        if disabled {
            #expect(throws: IdentityRefusal.accountDisabled("sip:eve@contoso.com")) { try outcome.get() }
        } else {
            #expect(try outcome.get().dn.description == "CN=Eve,OU=Staff,DC=contoso,DC=com")
        }
    }

    @Test func aMalformedValueIsRefusedAtLoad() {
        #expect(throws: DirectoryLoadError.self) { try Self.directory(userAccountControl: "enabled") }
        #expect(throws: DirectoryLoadError.self) { try Self.directory(userAccountControl: "4294967296") }
    }

    @Test func aUserOutsideTheBaseMayNotSignIn() throws {
        let directory = try Self.directory(userAccountControl: "512", base: "OU=Bots,DC=contoso,DC=com")
        let outcome = directory.authenticate(sipURI: "sip:eve@contoso.com", password: "pw")
        #expect(throws: IdentityRefusal.outsideBase("sip:eve@contoso.com", base: try DistinguishedName("OU=Bots,DC=contoso,DC=com"))) {
            try outcome.get()
        }
        #expect(!directory.canSignIn(try #require(directory.entry(sipAddress: "sip:eve@contoso.com"))))
    }
}
