import Foundation
import PersistentChatServer
import Testing
import YAMLConfig

/// server.yaml errors name the file, the key and the reason; the shipped demo configuration loads.
@Suite struct ServerConfigurationTests {
    func load(_ yaml: String) throws -> ServerConfiguration {
        try ServerConfigurationLoader.load(YAMLConfigFile(path: "/etc/pchat/server.yaml", text: yaml))
    }

    static let valid = """
        domain: contoso.com
        directory: {ldif: directory.ldif}
        categories:
          - {name: Help, scope: ["DC=contoso,DC=com"]}
        rooms:
          - {name: help-desk, category: Help, privacy: open}

        """

    @Test func aValidFileLoadsWithDefaults() throws {
        let configuration = try load(Self.valid)
        #expect(configuration.host == "127.0.0.1" && configuration.port == 5061)
        #expect(configuration.ldifFile == "/etc/pchat/directory.ldif")
        #expect(configuration.limits.defaultHistory == 30)
        #expect(configuration.rooms.first?.privacy == .open)
        #expect(configuration.rooms.first?.behavior == .normal)
    }

    @Test func theShippedDemoConfigurationLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try ServerConfigurationLoader.load(path: root.appendingPathComponent("config/server.yaml").path)
        #expect(configuration.rooms.map(\.name).contains("help-desk"))
        #expect(configuration.host == "127.0.0.1")
    }

    @Test(arguments: [
        ("categorys: []\n", "categorys", "unknown key"),
        ("listen: nowhere\n", "listen", "HOST:PORT"),
        ("limits: {default_history: 900}\n", "limits.default_history", "between 1 and 500"),
        ("limits: {colour: red}\n", "limits.colour", "unknown key"),
    ])
    func topLevelErrors(extra: String, key: String, reason: String) {
        expectRefusal(of: Self.valid + extra, key: key, reason: reason)
    }

    /// Expects `yaml` to be refused with an error naming the file, `key` and its line, whose reason contains `reason`.
    func expectRefusal(of yaml: String, key: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            _ = try load(yaml)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "/etc/pchat/server.yaml" && error.key == key && error.reason.contains(reason) && error.line != nil
        }
    }

    @Test(arguments: [
        ("  - {name: b, category: Nope}\n", "rooms[1].category", "no category named 'Nope'"),
        ("  - {name: b, category: Help, privacy: hidden}\n", "rooms[1].privacy", "hidden"),
        ("  - {name: HELP-DESK, category: Help}\n", "rooms[1].name", "already defined"),
        ("  - {name: b, category: Help, presenters: [\"sip:a@contoso.com\"]}\n", "rooms[1].presenters", "auditorium"),
        ("  - {name: b, category: Help, prviacy: open}\n", "rooms[1].prviacy", "unknown key"),
        ("  - {category: Help}\n", "rooms[1].name", "required key is missing"),
    ])
    func roomErrors(room: String, key: String, reason: String) {
        expectRefusal(of: Self.valid + room, key: key, reason: reason)
    }

    @Test func aPrincipalMissingFromTheDirectoryStopsTheServer() async throws {
        try await withTestFolder { folder in
            var configuration = try TestServer.configuration(folder: folder)
            configuration.rooms[0].members.append("CN=Nobody,OU=Staff,DC=contoso,DC=com")
            #expect {
                _ = try PersistentChatServer(configuration: configuration, logger: .init(label: "test"))
            } throws: { error in
                guard let error = error as? ConfigError else { return false }
                return error.key == "rooms[0].members[1]" && error.reason.contains("CN=Nobody")
            }
        }
    }

    @Test func aBrokenDirectoryNamesItsLine() async throws {
        try await withTestFolder { folder in
            try "version: 1\n\ndn: DC=contoso,DC=com\nobjectClass: domain\nthis line has no colon\n"
                .write(to: folder.appendingPathComponent("directory.ldif"), atomically: true, encoding: .utf8)
            let configuration = try TestServer.configuration(folder: folder)
            #expect {
                _ = try PersistentChatServer(configuration: configuration, logger: .init(label: "test"))
            } throws: { error in
                guard let error = error as? ConfigError else { return false }
                return error.key == "directory.ldif" && error.reason.contains("5")
            }
        }
    }
}
