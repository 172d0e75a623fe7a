import Foundation
import LDAPDirectory
import Logging
import PersistentChat
import PersistentChatDirectory
import Testing

/// Sign-in against a real slapd: the SIP address is escaped in the filter, an empty password never reaches a bind,
/// a changed password counts at once, and the service account never reads a password.
@Suite struct LDAPSignInTests {
    static var quietLogger: Logger {
        var logger = Logger(label: "ldap-test")
        logger.logLevel = .critical
        return logger
    }

    static let aliceDN = "CN=Alice,OU=Staff,DC=contoso,DC=com"

    @Test func aSIPAddressWithFilterCharactersFindsNothing() async throws {
        try await withSlapd { slapd in
            let directory = ActiveDirectory(settings: try slapd.settings(), logger: Self.quietLogger)
            // Written into the filter as they are, the first would find alice and sign her in with her own password,
            // and the others would match every user or change the filter.
            for uri in ["sip:ali*@contoso.com", "sip:x*)(objectClass=*@contoso.com", "sip:*@contoso.com",
                        "sip:alice@contoso.com)(|(cn=*", "sip:alice@contoso.com\\2a"] {
                let outcome = await directory.authenticate(sipURI: uri, password: TestDirectory.password)
                #expect(outcome == .failure(.unknownURI(uri.lowercased())), "\(uri): \(outcome)")
            }
            // The control: alice's own address signs her in.
            let alice = await directory.authenticate(sipURI: "sip:alice@contoso.com", password: TestDirectory.password)
            #expect((try? alice.get())?.dn == (try DistinguishedName(Self.aliceDN)))
        }
    }

    @Test func anEmptyPasswordIsRefusedBeforeAnyBind() async throws {
        try await withSlapd { slapd in
            // The control: the server itself says yes to an empty password (an unauthenticated bind, RFC 4513 §5.1.2).
            let whoami = try await runCommand("/usr/bin/ldapwhoami", ["-x", "-H", slapd.url, "-D", Self.aliceDN, "-w", ""])
            #expect(whoami.contains("anonymous"), "\(whoami)")
            let directory = ActiveDirectory(settings: try slapd.settings(), logger: Self.quietLogger)
            let outcome = await directory.authenticate(sipURI: "sip:alice@contoso.com", password: "")
            #expect(outcome == .failure(.wrongPassword("sip:alice@contoso.com")))
            try await withTestServer(slapd: slapd) { server in
                let error = await chatError { _ = try await server.connect("alice", password: "") }
                #expect(error?.detail.rawValue == "identity.wrongPassword", "\(String(describing: error))")
            }
        }
    }

    @Test func aChangedPasswordCountsFromTheNextSignIn() async throws {
        try await withSlapd { slapd in
            try await withTestServer(slapd: slapd) { server in
                _ = try await server.connect("bob")
                try await slapd.modify("""
                dn: CN=Bob,OU=Staff,DC=contoso,DC=com
                changetype: modify
                replace: userPassword
                userPassword: n3w-secret

                """)
                let old = await chatError { _ = try await server.connect("bob") }
                #expect(old?.detail.rawValue == "identity.wrongPassword", "\(String(describing: old))")
                _ = try await server.connect("bob", password: "n3w-secret")
            }
        }
    }

    @Test func pchatdNeverAsksForAPasswordEvenWhereItMayReadOne() async throws {
        try await withSlapd(serviceReadsPasswords: true) { slapd in
            // The control: here the service account may read userPassword.
            let found = try await runCommand("/usr/bin/ldapsearch", [
                "-x", "-LLL", "-H", slapd.url, "-D", Slapd.serviceDN, "-w", Slapd.servicePassword, "-b", Slapd.baseDN,
                "(msRTCSIP-PrimaryUserAddress=sip:alice@contoso.com)", "userPassword",
            ])
            #expect(found.contains("userPassword"), "\(found)")
            let directory = ActiveDirectory(settings: try slapd.settings(), logger: Self.quietLogger)
            let read = try await directory.readDirectory()
            #expect(!read.allEntries.isEmpty)
            #expect(read.allEntries.allSatisfy { $0.passwordHash == nil })
            let alice = try await directory.authenticate(sipURI: "sip:alice@contoso.com", password: TestDirectory.password).get()
            #expect(alice.passwordHash == nil)
            let users = try await directory.findUsers(matching: "Tester", limit: 10)
            #expect(!users.isEmpty && users.allSatisfy { $0.passwordHash == nil })
        }
    }

    @Test func theServiceAccountCannotReadPasswords() async throws {
        try await withSlapd { slapd in
            let found = try await runCommand("/usr/bin/ldapsearch", [
                "-x", "-LLL", "-H", slapd.url, "-D", Slapd.serviceDN, "-w", Slapd.servicePassword, "-b", Slapd.baseDN,
                "(msRTCSIP-PrimaryUserAddress=sip:alice@contoso.com)", "userPassword", "msRTCSIP-PrimaryUserAddress",
            ])
            #expect(found.contains("msRTCSIP-PrimaryUserAddress: sip:alice@contoso.com"), "\(found)")
            #expect(!found.lowercased().contains("userpassword"), "\(found)")
        }
    }

    @Test func aDirectoryLargerThanTheServersSizeLimitIsReadInPages() async throws {
        var builder = TestDirectory.builder
        for number in 0..<1_200 { builder.addStaff("Many\(number)", "many\(number)") }
        try await withSlapd(directory: builder.ldif) { slapd in
            // The control: one search without paging stops at the server's limit of 500.
            let unpaged = try? await runCommand("/usr/bin/ldapsearch", [
                "-x", "-LLL", "-H", slapd.url, "-D", Slapd.serviceDN, "-w", Slapd.servicePassword, "-b", Slapd.baseDN,
                "(objectClass=user)", "dn",
            ])
            #expect(unpaged == nil, "slapd refuses more than 500 entries in one page")
            let directory = ActiveDirectory(settings: try slapd.settings(), logger: Self.quietLogger)
            let read = try await directory.readDirectory()
            #expect(read.allEntries.filter { $0.kind == .user }.count == 1_200 + 6)
            #expect(read.entry(sipAddress: "sip:many1199@contoso.com") != nil)
            let found = try await directory.findUsers(matching: "Many11", limit: 20)
            #expect(found.count == 20)
            #expect(found.allSatisfy { $0.sipAddress?.hasPrefix("sip:many11") == true })
        }
    }

    @Test func aBaseDNThatDoesNotExistIsAnErrorNotAnEmptyDirectory() async throws {
        try await withSlapd { slapd in
            var settings = try slapd.settings()
            settings.baseDN = try DistinguishedName("OU=Gone,DC=contoso,DC=com")
            let directory = ActiveDirectory(settings: settings, logger: Self.quietLogger)
            await #expect(throws: LDAPError.self) { _ = try await directory.readDirectory() }
            let alice = await directory.authenticate(sipURI: "sip:alice@contoso.com", password: TestDirectory.password)
            #expect(alice == .failure(.directoryUnavailable("sip:alice@contoso.com")))
        }
    }

    @Test func aComputerAccountIsNotAUserOnceItsPasswordIsProven() async throws {
        // A computer is a user object in Active Directory's schema (its class derives from user): only its class
        // tells it apart.
        let computer = """

        dn: CN=WS01,OU=Staff,DC=contoso,DC=com
        objectClass: top
        objectClass: person
        objectClass: organizationalPerson
        objectClass: user
        objectClass: computer
        msRTCSIP-PrimaryUserAddress: sip:ws01@contoso.com
        msRTCSIP-UserEnabled: TRUE
        userPassword: x

        """
        try await withSlapd(directory: TestDirectory.ldif + computer) { slapd in
            let directory = ActiveDirectory(settings: try slapd.settings(), logger: Self.quietLogger)
            let wrong = await directory.authenticate(sipURI: "sip:ws01@contoso.com", password: "wrong")
            #expect(wrong == .failure(.wrongPassword("sip:ws01@contoso.com")))
            let right = await directory.authenticate(sipURI: "sip:ws01@contoso.com", password: TestDirectory.password)
            #expect(right == .failure(.notAUser("sip:ws01@contoso.com", .other)), "\(right)")
            // Computers are not read into the directory that roles are checked against.
            #expect(try await directory.readDirectory().entry(sipAddress: "sip:ws01@contoso.com") == nil)
        }
    }
}
