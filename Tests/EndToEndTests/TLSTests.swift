import BotKit
import Foundation
import PersistentChat
import PersistentChatServer
import Testing
import YAMLConfig

/// TLS built in: pchatd serves `wss://` and the file transfers over `https://` on one port with a certificate from a
/// throw-away CA; the SDK verifies the certificate and the host name; a renewed certificate is served after SIGHUP
/// while established clients stay; clear text off loopback needs saying so; bothost trusts a private CA and serves
/// its webhooks over HTTPS.
@Suite struct TLSTests {
    /// A CA and a server certificate for localhost and 127.0.0.1 from it, in `folder`.
    static func makeCertificate(in folder: URL, names: [String] = ["DNS:localhost", "IP:127.0.0.1"],
                                commonName: String = "pchatd test", serial: Int = 1) async throws -> (TestCA, TLSFiles) {
        let ca = try await TestCA.make(in: folder, name: "pchat test CA")
        let files = TLSFiles(certificate: folder.appendingPathComponent("server.pem").path,
                             key: folder.appendingPathComponent("server.key").path)
        try await ca.issue(commonName: commonName, names: names, serial: serial, certificate: files.certificate, key: files.key)
        return (ca, files)
    }

    static func endpoint(_ url: String, _ user: String, trust: ServerTrust) -> PersistentChatEndpoint {
        PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "tls-test"), ownerUri: "sip:\(user)@contoso.com",
            password: TestDirectory.password), serverTrust: trust)
    }

    /// Runs `body` with established endpoints for `users` at `url`, and terminates them however it ends.
    static func withEndpoints<Result>(_ url: String, _ users: [String], trust: ServerTrust,
                                      _ body: ([PersistentChatEndpoint]) async throws -> Result) async throws -> Result {
        let endpoints = users.map { endpoint(url, $0, trust: trust) }
        return try await withCleanUp {
            for endpoint in endpoints { try await endpoint.establish() }
            return try await body(endpoints)
        } cleanUp: {
            for endpoint in endpoints { await endpoint.terminate() }
        }
    }

    @Test func wssCarriesTheChatAndHTTPSTheFilesOnOnePort() async throws {
        try await withTestFolder { folder in
            let (ca, files) = try await Self.makeCertificate(in: folder)
            try await withTestServer(folder: folder, tls: files) { server in
                #expect(server.url == "wss://127.0.0.1:\(server.port)")
                // By host name (sent as SNI, checked against DNS:localhost) and by address (checked against IP:127.0.0.1).
                let trust = ServerTrust(caFile: ca.certificate)
                try await Self.withEndpoints("wss://localhost:\(server.port)", ["alice"], trust: trust) { alices in
                    try await Self.withEndpoints(server.url, ["bob"], trust: trust) { bobs in
                        let writer = ChatRoomSession(endpoint: alices[0])
                        try await writer.join(name: "team")
                        let reader = ChatRoomSession(endpoint: bobs[0])
                        try await reader.join(name: "team")
                        let messages = reader.messages
                        let id = try await writer.sendChatMessage("over TLS")
                        #expect(await first(messages) { $0.messageId == id }?.messageContent == "over TLS")

                        let data = Data((0..<(300 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) })
                        let file = folder.appendingPathComponent("upload.bin")
                        try data.write(to: file)
                        let uploaded = try await writer.uploadFile(ChatRoomFileUploadJob(fileToUpload: file))
                        let message = try #require(await first(messages) { $0.messageId == uploaded.messageId })
                        let link = try #require(message.fileDownloadLinks.first)
                        let destination = folder.appendingPathComponent("downloaded.bin")
                        try await reader.downloadFile(ChatRoomFileDownloadJob(link: link, destinationPath: destination))
                        #expect(try Data(contentsOf: destination) == data)
                    }
                }
                // TLS 1.2 at least; the same port speaks no clear text.
                #expect(try await TestCA.handshakes(port: server.port, only: "-tls1_2"))
                #expect(try await !TestCA.handshakes(port: server.port, only: "-tls1_1"))
                let plain = await chatError {
                    try await Self.withEndpoints("ws://127.0.0.1:\(server.port)", ["carol"], trust: .system) { _ in }
                }
                #expect(plain?.kind == .connection)
            }
        }
    }

    @Test func aCertificateForAnotherHostIsRefused() async throws {
        try await withTestFolder { folder in
            let (ca, files) = try await Self.makeCertificate(in: folder, names: ["DNS:chat.example.org"])
            try await withTestServer(folder: folder, tls: files) { server in
                let trust = ServerTrust(caFile: ca.certificate)
                for (url, host) in [("wss://localhost:\(server.port)", "localhost"), (server.url, "127.0.0.1")] {
                    let refused = await chatError { try await Self.withEndpoints(url, ["alice"], trust: trust) { _ in } }
                    #expect(refused?.kind == .connection)
                    #expect(refused?.message.contains("the server's certificate is not valid for \(host)") == true, "\(String(describing: refused))")
                }
            }
        }
    }

    @Test func aCertificateFromAnUntrustedCAIsRefused() async throws {
        try await withTestFolder { folder in
            let (_, files) = try await Self.makeCertificate(in: folder)
            let otherFolder = folder.appendingPathComponent("other")
            try FileManager.default.createDirectory(at: otherFolder, withIntermediateDirectories: true)
            let other = try await TestCA.make(in: otherFolder, name: "another CA")
            try await withTestServer(folder: folder, tls: files) { server in
                for trust in [ServerTrust(caFile: other.certificate), .system] {
                    let refused = await chatError { try await Self.withEndpoints(server.url, ["alice"], trust: trust) { _ in } }
                    #expect(refused?.kind == .connection)
                    #expect(refused?.message.contains("the server's certificate is not trusted") == true, "\(String(describing: refused))")
                }
                let missing = await chatError {
                    try await Self.withEndpoints(server.url, ["alice"], trust: ServerTrust(caFile: folder.appendingPathComponent("none.pem").path)) { _ in }
                }
                #expect(missing?.message.contains("cannot read the CA file") == true)
            }
        }
    }

    @Test func aRenewedCertificateIsServedAfterSIGHUPWhileEstablishedClientsStay() async throws {
        try await withTestFolder { folder in
            let (ca, files) = try await Self.makeCertificate(in: folder, commonName: "pchatd first", serial: 1001)
            let yaml = try ServerProcess.writeConfig(try TestServer.configuration(folder: folder), in: folder)
            // Relative paths, taken from the configuration file's folder.
            try (try String(contentsOfFile: yaml, encoding: .utf8) + "tls: {certificate: server.pem, key: server.key}\n")
                .write(toFile: yaml, atomically: true, encoding: .utf8)
            try await withServerProcess(config: yaml) { child in
                let url = try await child.waitForURL()
                let port = try #require(URLComponents(string: url)?.port)
                #expect(url == "wss://127.0.0.1:\(port)")
                #expect(try await TestCA.presentedCertificate(port: port).contains("pchatd first"))
                let trust = ServerTrust(caFile: ca.certificate)
                try await Self.withEndpoints(url, ["alice"], trust: trust) { alices in
                    let alice = ChatRoomSession(endpoint: alices[0])
                    try await alice.join(name: "team")

                    try await ca.issue(commonName: "pchatd renewed", names: ["DNS:localhost", "IP:127.0.0.1"], serial: 1002,
                                       certificate: files.certificate, key: files.key)
                    child.signal(SIGHUP)
                    let renewed = await eventually(within: 15) {
                        (try? await TestCA.presentedCertificate(port: port))?.contains("pchatd renewed") == true
                    }
                    #expect(renewed, "a new connection sees the renewed certificate")
                    #expect(alices[0].state == .established)
                    try await Self.withEndpoints(url, ["bob"], trust: trust) { bobs in
                        let bob = ChatRoomSession(endpoint: bobs[0])
                        try await bob.join(name: "team")
                        let messages = bob.messages
                        // The connection made before the renewal still posts, and the one made after it receives.
                        let id = try await alice.sendChatMessage("after the renewal")
                        #expect(await first(messages) { $0.messageId == id }?.messageContent == "after the renewal")
                    }
                }
            }
        }
    }

    @Test func aKeyThatIsNotTheCertificatesIsRefusedAndTheOldOneStays() async throws {
        try await withTestFolder { folder in
            let (ca, files) = try await Self.makeCertificate(in: folder, commonName: "pchatd first", serial: 7)
            var configuration = try TestServer.configuration(folder: folder)
            configuration.tls = files
            let server = try PersistentChatServer(configuration: configuration, logger: HostFixture.logger)
            let running = try await server.start()
            try await withCleanUp {
                // Another pair's key beside this certificate.
                let stray = folder.appendingPathComponent("stray.pem").path
                try await ca.issue(commonName: "stray", names: ["DNS:localhost"], serial: 8, certificate: stray, key: files.key)
                #expect {
                    try server.reloadCertificate()
                } throws: { error in
                    (error as? ConfigError)?.key == "tls" && (error as? ConfigError)?.reason.contains("does not belong to the certificate") == true
                }
                #expect(try await TestCA.presentedCertificate(port: running.port).contains("pchatd first"))
                try await Self.withEndpoints(running.url, ["alice"], trust: ServerTrust(caFile: ca.certificate)) { _ in }
            } cleanUp: {
                await running.stop()
            }
        }
    }

    @Test func aMissingOrUnreadableCertificateStopsStartUp() async throws {
        try await withTestFolder { folder in
            let (_, files) = try await Self.makeCertificate(in: folder)
            var configuration = try TestServer.configuration(folder: folder)
            configuration.tls = TLSFiles(certificate: folder.appendingPathComponent("missing.pem").path, key: files.key)
            #expect {
                _ = try PersistentChatServer(configuration: configuration, logger: HostFixture.logger)
            } throws: { error in
                (error as? ConfigError)?.key == "tls.certificate" && (error as? ConfigError)?.reason.hasPrefix("no file ") == true
            }
            configuration.tls = TLSFiles(certificate: files.certificate, key: files.certificate)
            #expect {
                _ = try PersistentChatServer(configuration: configuration, logger: HostFixture.logger)
            } throws: { error in
                (error as? ConfigError)?.key == "tls.key" && (error as? ConfigError)?.reason.contains("holds no PEM private key") == true
            }
        }
    }

    @Test func pchatTrustsTheCAGivenWithCAFile() async throws {
        try await withTestFolder { folder in
            let (ca, files) = try await Self.makeCertificate(in: folder)
            try await withTestServer(folder: folder, tls: files) { server in
                let arguments = ["--server", "wss://localhost:\(server.port)", "--user", "sip:alice@contoso.com"]
                let trusted = try await PchatProcess.run(["--ca-file", ca.certificate] + arguments + ["post", "team", "hello over TLS"])
                #expect(trusted.status == 0, "\(trusted.stderr)")
                let refused = try await PchatProcess.run(arguments + ["post", "team", "not sent"])
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("the server's certificate is not trusted"), "\(refused.stderr)")
            }
        }
    }

    @Test func clearTextOffLoopbackIsRefusedUnlessTheFileSaysSo() async throws {
        try await withTestFolder { folder in
            let yaml = try ServerProcess.writeConfig(try TestServer.configuration(folder: folder), in: folder)
            let text = try String(contentsOfFile: yaml, encoding: .utf8).replacingOccurrences(of: "listen: 127.0.0.1:0", with: "listen: 0.0.0.0:0")
            try text.write(toFile: yaml, atomically: true, encoding: .utf8)
            let process = try SpawnedProcess(try ServerProcess.executable, ["--config", yaml], environment: ProcessInfo.processInfo.environment,
                                             stdout: .discard)
            let (errors, code) = await onOwnThread { () -> (String, Int32) in
                let errors = process.errors.map(PipeRead.all) ?? Data()
                return (String(decoding: errors, as: UTF8.self), process.waitUntilExit())
            }
            #expect(code != 0)
            #expect(errors.contains("\(yaml):2: listen: 0.0.0.0 is not a loopback address and there is no tls"), "\(errors)")
            #expect(errors.contains("add tls: {certificate: PATH, key: PATH}"))
            #expect(errors.contains("set insecure_plaintext: true"))

            try (text + "insecure_plaintext: true\n").write(toFile: yaml, atomically: true, encoding: .utf8)
            try await withServerProcess(config: yaml) { child in
                let url = try await child.waitForURL()
                let port = try #require(URLComponents(string: url)?.port)
                #expect(url == "ws://0.0.0.0:\(port)")
                try await Self.withEndpoints("ws://127.0.0.1:\(port)", ["alice"], trust: .system) { _ in }
            }
        }
    }

    @Test func aKeyOthersCanReadIsWarnedAboutAtStart() async throws {
        try await withTestFolder { folder in
            let (_, files) = try await Self.makeCertificate(in: folder)
            try PrivateFiles.restrict(files.key, to: 0o644)
            let yaml = try ServerProcess.writeConfig(try TestServer.configuration(folder: folder), in: folder)
            try (try String(contentsOfFile: yaml, encoding: .utf8) + "tls: {certificate: server.pem, key: server.key}\n")
                .write(toFile: yaml, atomically: true, encoding: .utf8)
            let process = try SpawnedProcess(try ServerProcess.executable, ["--config", yaml, "--log-level", "notice"],
                                             environment: ProcessInfo.processInfo.environment, stdout: .discard)
            let log = await onOwnThread { () -> String in
                var text = ""
                while !text.contains("pchatd listening"), let errors = process.errors {
                    let chunk = PipeRead.chunk(errors)
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                return text
            }
            process.signal(SIGKILL)
            _ = await onOwnThread { process.waitUntilExit() }
            #expect(log.contains("the TLS private key \(files.key) can be read by others (mode 644)"), "\(log)")
        }
    }

    @Test func bothostTrustsAPrivateCAAndServesWebhooksOverHTTPS() async throws {
        try await withTestFolder { folder in
            let (ca, files) = try await Self.makeCertificate(in: folder)
            try await withTestServer(folder: folder, tls: files) { server in
                let token = "webhook-token-0123456789"
                let fixture = try HostFixture(
                    server: server,
                    rooms: ["help-desk.yaml": "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: alerts\n    id: monitor\n"],
                    hostYAML: """
                        tls: {ca_file: \(ca.certificate)}
                        webhooks: {listen: '127.0.0.1:0', token_file: hook.token, tls: {certificate: \(files.certificate), key: \(files.key)}}
                        """)
                try "\(token)\n".write(to: fixture.folder.appendingPathComponent("hook.token"), atomically: true, encoding: .utf8)
                try await fixture.withHost(registry: WebhookAndTimerTests.registry) { host in
                    let port = try #require(await host.webhookPort)
                    try await Self.withEndpoints(server.url, ["alice"], trust: ServerTrust(caFile: ca.certificate)) { alices in
                        let session = ChatRoomSession(endpoint: alices[0])
                        try await session.join(name: "help-desk")
                        let messages = session.messages
                        let https = try HTTPExchange(address: WebSocketAddress("wss://localhost:\(port)"), trust: ServerTrust(caFile: ca.certificate))
                        let posted = try await https.send(.POST, "/hooks/help-desk/monitor/alertmanager",
                                                          headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                                                          body: Data(#"{"service":"api","state":"down"}"#.utf8))
                        #expect(posted.status == 202)
                        #expect(await first(messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }?.messageContent == "api is down")
                        // Clear HTTP is not served there, and a client without the CA refuses the listener.
                        let untrusted = await chatError {
                            _ = try await HTTPExchange(address: WebSocketAddress("wss://localhost:\(port)"), trust: .system)
                                .send(.POST, "/hooks/help-desk/monitor/alertmanager")
                        }
                        #expect(untrusted?.message.contains("the server's certificate is not trusted") == true)
                    }
                }
                // Without the CA, the host cannot connect to the server at all.
                let distrustful = try HostFixture(server: server, rooms: [:])
                await #expect(throws: ConfigError.self) { try await distrustful.withHost { _ in } }
            }
        }
    }
}
