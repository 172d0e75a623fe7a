import Foundation
import PersistentChat
import PersistentChatProtocol
import Testing

/// Changes made in a real slapd with `ldapmodify` reach pchatd within `refresh` (1 s here) without a restart: a user
/// disabled or deleted loses every live session with the reason, and a user added to a group is admitted to the
/// rooms of that group.
@Suite struct LDAPChangeTests {
    static func modify(_ dn: String, _ change: String) -> String {
        "dn: \(dn)\nchangetype: modify\n\(change)\n\n"
    }

    @Test func aUserDisabledInTheDirectoryLosesEverySessionWithinRefresh() async throws {
        try await withTestServer(directory: .ldap) { server in
            let slapd = try #require(server.slapd)
            let (_, aliceHelp) = try await server.join("alice", "help-desk")
            let (_, bobHelp) = try await server.join("bob", "help-desk")
            // ACCOUNTDISABLE (0x2) on a normal account (0x200), as Active Directory writes it.
            try await slapd.modify(Self.modify("CN=Alice,OU=Staff,DC=contoso,DC=com", "replace: userAccountControl\nuserAccountControl: 514"))
            let reason = await DirectoryReloadTests.ending(aliceHelp, within: 10)
            #expect(reason?.detail == .identityAccountDisabled, "got \(String(describing: reason))")
            let again = await chatError { _ = try await server.connect("alice") }
            #expect(again?.detail == .identityAccountDisabled, "got \(String(describing: again))")
            // Bob carries on.
            let id = try await bobHelp.sendChatMessage("still here")
            #expect(try await bobHelp.getRecentChatHistory(1).map(\.messageId) == [id])
        }
    }

    @Test func aUserNoLongerEnabledForSIPOrDeletedLosesTheSession() async throws {
        try await withTestServer(directory: .ldap) { server in
            let slapd = try #require(server.slapd)
            let (_, bob) = try await server.join("bob", "team")
            let (_, carol) = try await server.join("carol", "help-desk")
            try await slapd.modify(Self.modify("CN=Bob,OU=Staff,DC=contoso,DC=com", "replace: msRTCSIP-UserEnabled\nmsRTCSIP-UserEnabled: FALSE"))
            try await slapd.modify("dn: CN=Carol,OU=Staff,DC=contoso,DC=com\nchangetype: delete\n\n")
            let bobReason = await DirectoryReloadTests.ending(bob, within: 10)
            #expect(bobReason?.detail == .identityUserDisabled, "got \(String(describing: bobReason))")
            let carolReason = await DirectoryReloadTests.ending(carol, within: 10)
            #expect(carolReason?.detail == .identityUnknownURI, "got \(String(describing: carolReason))")
            #expect(carolReason?.message.contains("removed from the directory") == true)
        }
    }

    @Test func aUserAddedToAGroupIsAdmittedToItsRoomWithinRefresh() async throws {
        try await withTestServer(directory: .ldap) { server in
            let slapd = try #require(server.slapd)
            let bob = try await server.connect("bob")
            // support-team is a secret room of the Support group, which bob is not in: for him it does not exist.
            let before = await chatError { try await ChatRoomSession(endpoint: bob).join(name: "support-team") }
            #expect(before?.code == .noSuchNode, "got \(String(describing: before))")
            try await slapd.modify(Self.modify("CN=Support,OU=Staff,DC=contoso,DC=com", "add: member\nmember: CN=Bob,OU=Staff,DC=contoso,DC=com"))
            let admitted = await eventually(within: 10) {
                (try? await ChatRoomSession(endpoint: bob).join(name: "support-team")) != nil
            }
            #expect(admitted, "bob joins support-team once the directory says he is in Support")
        }
    }
}
