import Foundation
import Logging
import PersistentChatDirectory
import PersistentChatServer

/// The pchatd a harness runs in its process: a directory with a tester, a second person and the bot, one open room,
/// all in a temporary folder on a free loopback port.
struct HarnessServer {
    static let domain = "harness.example"
    let folder: URL
    let running: RunningServer
    let password: String

    static func start(room: String) async throws -> HarnessServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("botkit-harness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let password = UUID().uuidString
        let ldif = folder.appendingPathComponent("directory.ldif")
        try directory(password: password).write(to: ldif, atomically: true, encoding: .utf8)
        let configuration = ServerConfiguration(
            domain: domain, displayName: "BotKit test harness", host: "127.0.0.1", port: 0,
            dataDirectory: folder.appendingPathComponent("data").path, directoryLDIF: ldif.path,
            categories: [CategoryDefinition(name: "Harness", scope: ["DC=harness,DC=example"])],
            rooms: [RoomDefinition(name: room, category: "Harness", description: "the bot under test", privacy: .open,
                                   managers: ["sip:tester@\(domain)"])],
            systemUsers: ["sip:bot@\(domain)"])
        var logger = Logger(label: "harness-pchatd")
        logger.logLevel = .warning
        let running = try await PersistentChatServer(configuration: configuration, logger: logger).start()
        return HarnessServer(folder: folder, running: running, password: password)
    }

    /// Stops the server and removes its folder.
    func stop() async {
        await running.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    private static func directory(password: String) -> String {
        let hash = PasswordHash.make(password: password, scheme: .ssha256)
        let people = [("Tester", "tester"), ("Other", "other"), ("Bot", "bot")].map { name, sip in
            """
            dn: CN=\(name),OU=People,DC=harness,DC=example
            objectClass: top
            objectClass: person
            objectClass: organizationalPerson
            objectClass: user
            displayName: \(name)
            mail: \(sip)@\(domain)
            msRTCSIP-PrimaryUserAddress: sip:\(sip)@\(domain)
            msRTCSIP-UserEnabled: TRUE
            userPassword: \(hash)

            """
        }
        return """
            version: 1

            dn: DC=harness,DC=example
            objectClass: top
            objectClass: domain

            dn: OU=People,DC=harness,DC=example
            objectClass: organizationalUnit

            dn: CN=Testers,OU=People,DC=harness,DC=example
            objectClass: top
            objectClass: group
            member: CN=Tester,OU=People,DC=harness,DC=example

            \(people.joined(separator: "\n"))
            """
    }
}
