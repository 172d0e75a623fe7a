import BotKit
import Bots
import Foundation
import Logging
import PersistentChatServer
import Testing
import YAMLConfig

/// The YAML configuration loaders (server.yaml, host.yaml and room files), attacked with damaged files: each input
/// loads or is refused with a ``ConfigError`` naming the file; nothing crashes or hangs.
@Suite struct ConfigurationFuzzTests {
    static let vocabulary = [
        ": ", "- ", "\n  ", "\n- ", "{", "}", "[", "]", "&anchor ", "*anchor", "<<: *anchor\n", "!!binary ", "!!int ",
        "? ", "|\n  ", ">\n  ", "'", "\"", "~", "null", "yes", "1e400", "-1", "0x10", "5/m", "off", "10s", "1e300s", "99999999999999999h", "0.0000001", "\t",
        "\nunknown_key: 1\n", "\nlimits: {message_size: 0}\n", "%YAML 1.2\n---\n", "---\n", "...\n", "#", "\u{FEFF}",
    ]

    @Test func damagedServerFilesAreRefusedClearly() async throws {
        let seeds = [Array(try RepositoryFiles.text("config/server.yaml").utf8)]
        let mutator = FuzzMutator(vocabulary: Self.vocabulary)
        await FuzzRun.run("server.yaml", inputs: 1_200, make: { random in
            mutator.mutate(random.pick(seeds), using: &random)
        }, check: { bytes in
            do throws(ConfigError) {
                let yaml = try YAMLConfigFile(path: "/fuzz/server.yaml", text: String(decoding: bytes, as: UTF8.self))
                _ = try ServerConfigurationLoader.load(yaml)
            } catch {
                return error.file == "/fuzz/server.yaml" && !error.reason.isEmpty ? nil : "an unclear refusal: \(error)"
            }
            return nil
        })
    }

    @Test func damagedHostAndRoomFilesAreRefusedClearly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-host-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rooms = folder.appendingPathComponent("rooms")
        try FileManager.default.createDirectory(at: rooms, withIntermediateDirectories: true)
        let host = try RepositoryFiles.text("config/host.yaml")
            .replacingOccurrences(of: "password_file: demo-secrets/echobot.password", with: "password_env: FUZZ_PASSWORD")
        let seeds = [Array(host.utf8), Array(try RepositoryFiles.text("config/rooms/help-desk.yaml").utf8),
                     Array(try RepositoryFiles.text("config/rooms/status.yaml").utf8)]
        let logger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
        let mutator = FuzzMutator(vocabulary: Self.vocabulary)
        let hostFile = folder.appendingPathComponent("host.yaml").path
        await FuzzRun.run("host.yaml and rooms", inputs: 600, make: { random in
            let which = Int.random(in: 0..<seeds.count, using: &random)
            return [UInt8(which)] + mutator.mutate(seeds[which], using: &random)
        }, check: { input in
            guard let which = input.first else { return nil }
            let text = Data(input.dropFirst())
            do {
                try (which == 0 ? text : Data(host.utf8)).write(to: URL(fileURLWithPath: hostFile))
                try (which == 0 ? Data(seeds[1]) : text).write(to: rooms.appendingPathComponent("room.yaml"))
                _ = try HostConfigurationLoader.load(path: hostFile, registry: ShippedBots.registry,
                                                     environment: ["FUZZ_PASSWORD": "pw"], logger: logger)
            } catch let error as ConfigError {
                return error.file.hasPrefix(folder.path) && !error.reason.isEmpty ? nil : "an unclear refusal: \(error)"
            } catch {
                return "not a configuration error: \(error)"
            }
            return nil
        })
    }
}
