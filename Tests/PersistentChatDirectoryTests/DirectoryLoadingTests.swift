import Foundation
import Testing
@testable import PersistentChatDirectory

@Suite("Directory loading")
struct DirectoryLoadingTests {
    @Test func loadsSample() throws {
        let directory = try sampleDirectory()
        #expect(directory.allEntries.count == 21)
        #expect(directory.allEntries.first?.kind == .domain)
        #expect(directory.entry(dn: try dn("cn=alice smith,ou=engineering,ou=staff,dc=contoso,dc=com"))?.sipAddress == "sip:alice@contoso.com")
        #expect(directory.entry(sipAddress: "SIP:ALICE@contoso.com")?.displayName == "Alice Smith")
        #expect(directory.entry(sipAddress: "sip:zoe@contoso.com")?.displayName == "Zoë Ångström")
        #expect(directory.entry(sipAddress: "sip:nobody@contoso.com") == nil)
    }

    @Test func refusesDuplicateDN() {
        let ldif = """
        dn: CN=Alice,DC=contoso,DC=com
        objectClass: user

        dn: cn=ALICE,dc=contoso,dc=com
        objectClass: user
        """
        #expect(throws: DirectoryLoadError(source: "d.ldif", line: 4, message: "duplicate DN 'CN=ALICE,DC=contoso,DC=com' (first defined at line 1)")) {
            try Directory.parse(ldif: ldif, source: "d.ldif", logger: quietLogger)
        }
    }

    @Test func refusesDuplicateSIPAddress() {
        let ldif = """
        dn: CN=Alice,DC=contoso,DC=com
        objectClass: user
        msRTCSIP-PrimaryUserAddress: sip:alice@contoso.com

        dn: CN=Alice Two,DC=contoso,DC=com
        objectClass: user
        msRTCSIP-PrimaryUserAddress: sip:ALICE@contoso.com
        """
        #expect(throws: DirectoryLoadError(line: 5, message: "SIP address sip:alice@contoso.com of 'CN=Alice Two,DC=contoso,DC=com' is already used by 'CN=Alice,DC=contoso,DC=com' (line 1)")) {
            try Directory.parse(ldif: ldif, logger: quietLogger)
        }
    }

    @Test func ldifErrorsKeepTheirLine() {
        let ldif = "dn: CN=x,DC=com\nobjectClass: user\nuserPassword:: ***\n"
        #expect(throws: DirectoryLoadError(source: "d.ldif", line: 3, message: "invalid base64 in value of 'userPassword'")) {
            try Directory.parse(ldif: ldif, source: "d.ldif", logger: quietLogger)
        }
    }

    @Test func loadsFileAndNamesPathInErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pchat-directory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("directory.ldif").path
        try sampleLDIF.write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try Directory.load(ldifAt: good, logger: quietLogger).allEntries.count == 21)

        let bad = folder.appendingPathComponent("bad.ldif").path
        try "dn: CN=x,DC=com\nmsRTCSIP-UserEnabled: maybe\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let error = #expect(throws: DirectoryLoadError.self) { try Directory.load(ldifAt: bad, logger: quietLogger) }
        #expect(error?.description == "\(bad):2: msRTCSIP-UserEnabled must be TRUE or FALSE, not 'maybe'")

        let missing = folder.appendingPathComponent("missing.ldif").path
        let missingError = #expect(throws: DirectoryLoadError.self) { try Directory.load(ldifAt: missing, logger: quietLogger) }
        #expect(missingError?.source == missing)
        #expect(missingError?.line == nil)
        #expect(missingError?.description.hasPrefix("\(missing): cannot read directory file") == true)
    }

    @Test func buildsFromEntriesInCode() throws {
        let alice = try DirectoryEntry(dn: try dn("CN=Alice,DC=contoso,DC=com"), objectClasses: ["user"], sipAddress: "SIP:Alice@contoso.com", isSIPEnabled: true)
        let directory = try Directory(entries: [alice], logger: quietLogger)
        #expect(directory.entry(sipAddress: "sip:alice@contoso.com") == alice)
        #expect(throws: DirectoryLoadError.self) {
            try DirectoryEntry(dn: try dn("CN=B,DC=com"), objectClasses: ["user"], sipAddress: "bob@contoso.com")
        }
    }
}
