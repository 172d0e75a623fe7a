import Foundation
import Testing

/// Secret files that group or others may read are named in a warning when they are read: bothost's password and
/// token files at start, pchat's `--password-file`.
@Suite struct SecretFileWarningTests {
    static func setMode(_ mode: Int, _ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test func bothostWarnsAtStartAboutAPasswordFileOthersCanRead() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": ReloadTests.echo("help-desk")])
            let password = fixture.folder.appendingPathComponent("bot.password").path
            try Self.setMode(0o644, password)
            try await withBothost(config: fixture.hostFile) { host in
                #expect(await host.waitFor(.stdout, containing: "bothost is running"), "bothost did not start: \(host.stderr)")
                #expect(host.stderr.contains("the password file of sip:echobot@contoso.com (endpoints[0].password_file) \(password) can be read by others (mode 644)"),
                        "\(host.stderr)")
                host.interrupt()
                _ = await host.exitStatus()
            }
        }
    }

    @Test func bothostNamesOnlyTheExposedSecrets() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": ReloadTests.echo("help-desk")],
                                          hostYAML: "webhooks: {listen: '127.0.0.1:1', token_file: hook.token}")
            let password = fixture.folder.appendingPathComponent("bot.password").path
            let token = fixture.folder.appendingPathComponent("hook.token").path
            try "a-webhook-token-of-some-length\n".write(toFile: token, atomically: true, encoding: .utf8)
            try Self.setMode(0o600, password)
            try Self.setMode(0o640, token)
            try await withBothost("validate", config: fixture.hostFile) { validate in
                #expect(await validate.exitStatus() == 0, "\(validate.stderr)")
                #expect(validate.stderr.contains("the webhook token file (webhooks.token_file) \(token) can be read by others (mode 640)"),
                        "\(validate.stderr)")
                #expect(!validate.stderr.contains(password), "\(validate.stderr)")
            }
        }
    }

    @Test func pchatWarnsAboutAPasswordFileOthersCanRead() async throws {
        try await withTestServer { server in
            let file = server.folder.appendingPathComponent("alice.password").path
            try "\(TestDirectory.password)\n".write(toFile: file, atomically: true, encoding: .utf8)
            try Self.setMode(0o604, file)
            let exposed = try await PchatProcess.run(["--server", server.url, "--user", "sip:alice@contoso.com", "--password-file", file, "whoami"])
            #expect(exposed.status == 0, "\(exposed.stderr)")
            #expect(exposed.stderr.contains("password file \(file) can be read by others (mode 604)"), "\(exposed.stderr)")
            try Self.setMode(0o600, file)
            let private_ = try await PchatProcess.run(["--server", server.url, "--user", "sip:alice@contoso.com", "--password-file", file, "whoami"])
            #expect(private_.status == 0 && !private_.stderr.contains("can be read by others"), "\(private_.stderr)")
        }
    }
}
