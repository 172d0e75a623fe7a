import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// `PersistentChatUserServices` over real sockets: finding users, reading a user and a group.
@Suite struct UserServicesTests {
    @Test func findUsersByLastNameFirstNameOrEmail() async throws {
        try await withTestServer { server in
            let bob = try await server.connect("bob")
            let users = bob.persistentChatServices.userServices
            let testers = try await users.findUsers(lastName: "TESTER")
            #expect(!testers.moreAvailable)
            let testerURIs = testers.users.map(\.reference)
            #expect(Set([E2EAPI.alice, E2EAPI.bob, E2EAPI.carol]).isSubset(of: testerURIs))
            #expect(!testerURIs.contains(E2EAPI.echobot))
            #expect(try await users.findUsers(lastName: "bot").users.map(\.reference) == [E2EAPI.echobot])
            #expect(try await users.findUsers(firstName: "ali").users.map(\.reference) == [E2EAPI.alice])
            #expect(try await users.findUsers(email: "echobot@").users.map(\.reference) == [E2EAPI.echobot])
            #expect(try await users.findUsers(email: "nobody@").users.isEmpty)
            // Any given field may match.
            #expect(Set(try await users.findUsers(lastName: "bot", firstName: "carol").users.map(\.reference)) == [E2EAPI.echobot, E2EAPI.carol])
            // A field matches its own attribute only: "alice" is no one's last name.
            #expect(try await users.findUsers(lastName: "alice").users.isEmpty)

            let alice = try #require(try await users.findUsers(firstName: "alice").users.first)
            #expect(alice.name == "Alice")
            #expect(alice.displayName == "Alice Tester")
            #expect(alice.type == .localUser)
            #expect(alice.adPath == "CN=Alice,OU=Staff,DC=contoso,DC=com")
            #expect(alice.uri?.value == E2EAPI.alice)
        }
    }

    @Test func findUsersSaysWhenMoreAreAvailable() async throws {
        var limits = ServerLimits()
        limits.searchLimit = 2
        try await withTestServer(limits: limits) { server in
            let bob = try await server.connect("bob")
            let users = bob.persistentChatServices.userServices
            let many = try await users.findUsers(email: "contoso.com")
            #expect(many.users.count == 2)
            #expect(many.moreAvailable)
            let testers = try await users.findUsers(lastName: "tester")
            #expect(testers.users.map(\.reference) == [E2EAPI.alice, E2EAPI.bob])
            #expect(testers.moreAvailable)
            let one = try await users.findUsers(firstName: "carol")
            #expect(one.users.map(\.reference) == [E2EAPI.carol])
            #expect(!one.moreAvailable)
        }
    }

    @Test func findUsersNeedsSomethingToSearchFor() async throws {
        try await withTestServer { server in
            let bob = try await server.connect("bob")
            let users = bob.persistentChatServices.userServices
            expectClientSideRefusal(await chatError { _ = try await users.findUsers() })
            expectClientSideRefusal(await chatError { _ = try await users.findUsers(lastName: "", firstName: " ", email: "\t") })
            expectRefusal(await chatError { _ = try await users.findUsers(lastName: String(repeating: "x", count: 257)) }, .invalidArgument, .tooLong)
            // The server refuses an empty search too.
            let transcript = try await RawClient.run(server.url, steps: [
                .text(RawClient.establish("bob")),
                .await(count: 1),
                .text(#"{"v":1,"type":"cmd","seq":2,"cmd":"findUsers","data":{"lastName":"  "}}"#),
                .await(count: 2),
                .text(#"{"v":1,"type":"cmd","seq":3,"cmd":"terminate","data":{}}"#),
            ])
            #expect(RawClient.failure(transcript, seq: 2)?.code == .invalidArgument)
            #expect(RawClient.failure(transcript, seq: 2)?.detail == .invalidArgument)
        }
    }

    @Test func getUserReadsYourselfAndSystemUsersReadAnyone() async throws {
        try await withTestServer { server in
            let bob = try await server.connect("bob")
            let bobUsers = bob.persistentChatServices.userServices
            let me = try await bobUsers.getUser(try #require(SIPURI(E2EAPI.bob)))
            #expect(me.summary.reference == E2EAPI.bob)
            #expect(me.summary.displayName == "Bob Tester")
            #expect(me.email == "bob@contoso.com")
            #expect(!me.isDisabled)
            #expect(me.memberOf.map(\.reference).sorted() == [E2EAPI.domain, E2EAPI.staffOU])
            // Reading yourself works whatever case the URI is written in.
            #expect(try await bobUsers.getUser(try #require(SIPURI("SIP:Bob@Contoso.COM"))).summary.reference == E2EAPI.bob)
            expectRefusal(await chatError { _ = try await bobUsers.getUser(try #require(SIPURI(E2EAPI.alice))) }, .errorPermission, .notSystemUser)

            // carol is a system user: she reads anyone.
            let carol = try await server.connect("carol")
            let carolUsers = carol.persistentChatServices.userServices
            let alice = try await carolUsers.getUser(try #require(SIPURI(E2EAPI.alice)))
            #expect(alice.summary.reference == E2EAPI.alice)
            #expect(alice.email == "alice@contoso.com")
            let groups = alice.memberOf.filter { $0.type == .directoryGroup }
            #expect(groups.map(\.reference) == [E2EAPI.supportGroup])
            #expect(groups.first?.name == "Support")
            #expect(Set(alice.memberOf.map(\.reference)) == [E2EAPI.supportGroup, E2EAPI.staffOU, E2EAPI.domain])
            let types = Dictionary(uniqueKeysWithValues: alice.memberOf.map { ($0.reference, $0.type) })
            #expect(types[E2EAPI.staffOU] == .directoryFolder)
            #expect(types[E2EAPI.domain] == .domain)
            let echobot = try await carolUsers.getUser(try #require(SIPURI(E2EAPI.echobot)))
            #expect(Set(echobot.memberOf.map(\.reference)) == [E2EAPI.supportGroup, E2EAPI.botsOU, E2EAPI.domain])
            let dave = try await carolUsers.getUser(try #require(SIPURI(E2EAPI.dave)))
            #expect(dave.isDisabled)
            expectRefusal(await chatError { _ = try await carolUsers.getUser(try #require(SIPURI("sip:nobody@contoso.com"))) },
                          .noSuchPrincipal, .noSuchPrincipal)
            // A contact object is not a user.
            expectRefusal(await chatError { _ = try await carolUsers.getUser(try #require(SIPURI("sip:trustedapp@contoso.com"))) },
                          .noSuchPrincipal, .noSuchPrincipal)
        }
    }

    @Test func getUserGroupIsForSystemUsers() async throws {
        try await withTestServer { server in
            let carol = try await server.connect("carol")
            let carolUsers = carol.persistentChatServices.userServices
            let aliceURI = try #require(SIPURI(E2EAPI.alice))
            let aliceGroups = try await carolUsers.getUser(aliceURI).memberOf
            let supportFound = aliceGroups.first { $0.type == .directoryGroup }
            let support = try #require(supportFound)
            let group = try await carolUsers.getUserGroup(support)
            #expect(group.summary.reference == E2EAPI.supportGroup)
            #expect(group.summary.name == "Support")
            #expect(group.summary.type == .directoryGroup)
            #expect(group.summary.adPath == E2EAPI.supportGroup)
            #expect(group.summary.uri == nil)
            #expect(Set(group.memberOf.map(\.reference)) == [E2EAPI.staffOU, E2EAPI.domain])

            let bob = try await server.connect("bob")
            expectRefusal(await chatError { _ = try await bob.persistentChatServices.userServices.getUserGroup(support) },
                          .errorPermission, .notSystemUser)

            // Not a group: an OU refused by the SDK before sending, and by the server when sent anyway.
            let staffFound = aliceGroups.first { $0.type == .directoryFolder }
            let staff = try #require(staffFound)
            let local = await chatError { _ = try await carolUsers.getUserGroup(staff) }
            #expect(local != nil)
            #expect(local?.kind == .invalidArgument, "a non-group argument should be an argument error, got \(String(describing: local))")
            let disguised = PersistentChatPrincipalSummary(reference: E2EAPI.staffOU, name: "Staff", displayName: "Staff",
                                                           type: .directoryGroup, adPath: E2EAPI.staffOU, entityGuid: nil, uri: nil)
            expectRefusal(await chatError { _ = try await carolUsers.getUserGroup(disguised) }, .invalidArgument, .notAGroup)
            let user = PersistentChatPrincipalSummary(reference: E2EAPI.bob, name: "Bob", displayName: "Bob Tester",
                                                      type: .directoryGroup, adPath: "CN=Bob,OU=Staff,DC=contoso,DC=com", entityGuid: nil,
                                                      uri: nil)
            expectRefusal(await chatError { _ = try await carolUsers.getUserGroup(user) }, .invalidArgument, .notAGroup)
            let missing = PersistentChatPrincipalSummary(reference: "CN=Nobody,OU=Staff,DC=contoso,DC=com", name: "Nobody",
                                                         displayName: "Nobody", type: .directoryGroup,
                                                         adPath: "CN=Nobody,OU=Staff,DC=contoso,DC=com", entityGuid: nil, uri: nil)
            expectRefusal(await chatError { _ = try await carolUsers.getUserGroup(missing) }, .noSuchPrincipal, .noSuchPrincipal)
        }
    }
}
