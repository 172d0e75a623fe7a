import Foundation
import Testing

/// `pchatd check-directory`: an administrator points it at server.yaml and a SIP address, and learns without the user's
/// password whether the directory is reachable and which rule admits or refuses them.
@Suite struct CheckDirectoryTests {
    static func check(_ user: String, directory: TestDirectoryKind) async throws -> PchatProcess.Run {
        try await withTestFolder { folder in
            var configuration = try TestServer.configuration(folder: folder)
            if directory == .ldap {
                return try await withSlapd { slapd in
                    configuration.directory = .ldap(try slapd.settings())
                    let yaml = try ServerProcess.writeConfig(configuration, in: folder)
                    return try await PchatProcess.run(["check-directory", "--config", yaml, "--user", user], executable: try ServerProcess.executable)
                }
            }
            let yaml = try ServerProcess.writeConfig(configuration, in: folder)
            return try await PchatProcess.run(["check-directory", "--config", yaml, "--user", user], executable: try ServerProcess.executable)
        }
    }

    @Test(arguments: TestDirectoryKind.allCases)
    func anAdmittedUserIsSaidSoWithTheirGroups(directory: TestDirectoryKind) async throws {
        let run = try await Self.check("sip:alice@contoso.com", directory: directory)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("admitted: sip:alice@contoso.com"), "\(run.stdout)")
        #expect(run.stdout.contains("CN=Alice,OU=Staff,DC=contoso,DC=com"), "\(run.stdout)")
        if directory == .ldap {
            #expect(run.stdout.contains("connected, bound as CN=pchatd"), "\(run.stdout)")
            #expect(run.stdout.contains("CN=Support,OU=Staff,DC=contoso,DC=com"), "\(run.stdout)")
        }
    }

    @Test(arguments: TestDirectoryKind.allCases, [
        ("sip:dave@contoso.com", "identity.userDisabled"),
        ("sip:trustedapp@contoso.com", "identity.contactObject"),
        ("sip:configuser@contoso.com", "identity.configurationPartition"),
        ("sip:nobody@contoso.com", "no entry"),
    ])
    func aRefusedUserIsToldWhichRule(directory: TestDirectoryKind, refusal: (user: String, says: String)) async throws {
        let run = try await Self.check(refusal.user, directory: directory)
        #expect(run.status != 0)
        #expect(run.stdout.contains(refusal.says), "\(run.stdout)\(run.stderr)")
    }

    @Test func aDirectoryThatIsDownIsSaidSo() async throws {
        try await withTestFolder { folder in
            try await withSlapd { slapd in
                var configuration = try TestServer.configuration(folder: folder)
                configuration.directory = .ldap(try slapd.settings())
                await slapd.stop()
                let yaml = try ServerProcess.writeConfig(configuration, in: folder)
                let run = try await PchatProcess.run(["check-directory", "--config", yaml, "--user", "sip:alice@contoso.com"],
                                                     executable: try ServerProcess.executable)
                #expect(run.status != 0)
                #expect(run.stdout.contains("the directory cannot be used"), "\(run.stdout)")
                #expect(run.stdout.contains("127.0.0.1:\(slapd.port)"), "\(run.stdout)")
            }
        }
    }
}
