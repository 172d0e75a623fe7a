import Foundation
import Logging
import PersistentChat
import PersistentChatDirectory
import PersistentChatServer

/// The pchatd a harness runs in its process: a directory with a tester, a second person and the bot, one room,
/// all in a temporary folder on a free loopback port.
struct HarnessServer {
    static let domain = "harness.example"
    let folder: URL
    let running: RunningServer
    let password: String

    /// Starts the server with one room, `room` (open unless `privacy` says otherwise; everyone a member), in a new
    /// temporary folder (removed again if it fails to start).
    static func start(room: String, privacy: ChatRoomPrivacy) async throws -> HarnessServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("botkit-harness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            return try await start(room: room, privacy: privacy, in: folder)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    private static func start(room: String, privacy: ChatRoomPrivacy, in folder: URL) async throws -> HarnessServer {
        let password = UUID().uuidString
        let ldif = folder.appendingPathComponent("directory.ldif")
        try directory(password: password).write(to: ldif, atomically: true, encoding: .utf8)
        let configuration = ServerConfiguration(
            domain: domain, displayName: "BotKit test harness", host: "127.0.0.1", port: 0,
            dataDirectory: folder.appendingPathComponent("data").path, directoryLDIF: ldif.path,
            categories: [CategoryDefinition(name: "Harness", scope: ["DC=harness,DC=example"])],
            rooms: [RoomDefinition(name: room, category: "Harness", description: "the bot under test", privacy: privacy,
                                   members: ["sip:tester@\(domain)", "sip:other@\(domain)", "sip:bot@\(domain)"],
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

    /// The tester (in the group `Testers`), the other person and the bot, all signing in with `password`.
    private static func directory(password: String) -> String {
        var directory = DirectoryLDIFBuilder(password: password, scheme: .ssha256)  // cheap on purpose: checked at every sign-in
        directory.addDomain("DC=harness,DC=example")
        directory.addOrganizationalUnit("OU=People,DC=harness,DC=example")
        directory.addGroup("CN=Testers,OU=People,DC=harness,DC=example", members: ["CN=Tester,OU=People,DC=harness,DC=example"])
        for (name, sip) in [("Tester", "tester"), ("Other", "other"), ("Bot", "bot")] {
            directory.addUser("CN=\(name),OU=People,DC=harness,DC=example", sipAddress: "sip:\(sip)@\(domain)", displayName: name,
                              mail: "\(sip)@\(domain)")
        }
        return directory.ldif
    }
}
