import BotKit
import Foundation
import Testing
import YAMLConfig

/// `Secret` bot options: read from `NAME_env` or `NAME_file`, refused with the key when they cannot be read, and never
/// shown by a description, an interpolation or a dump.
@Suite struct SecretOptionTests {
    struct Options: Decodable, Sendable {
        var api_key: Secret
        var signing_key: Secret?
        var label: String?
    }

    static func decode(_ yaml: String, environment: [String: String] = [:], folder: URL? = nil) throws -> Options {
        let path = (folder ?? FileManager.default.temporaryDirectory).appendingPathComponent("room.yaml").path
        var file = try YAMLConfigFile(path: path, text: yaml)
        file.environment = environment
        return try file.decode(Options.self)
    }

    @Test func aSecretComesFromTheEnvironmentOrAFileBesideTheRoomFile() throws {
        let fromEnvironment = try Self.decode("api_key_env: TRACKER_TOKEN", environment: ["TRACKER_TOKEN": "tok-123"])
        #expect(fromEnvironment.api_key.value == "tok-123")
        #expect(fromEnvironment.api_key.description == "secret from environment variable TRACKER_TOKEN")
        #expect(fromEnvironment.signing_key == nil)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# the tracker's key\n\n  key-from-file  \n".write(to: folder.appendingPathComponent("tracker.key"), atomically: true, encoding: .utf8)
        let fromFile = try Self.decode("api_key_file: tracker.key\nsigning_key_env: SIGN", environment: ["SIGN": "s1"], folder: folder)
        #expect(fromFile.api_key.value == "key-from-file")
        #expect(fromFile.signing_key?.value == "s1")
    }

    @Test func aSecretIsNeverShown() throws {
        let options = try Self.decode("api_key_env: TOKEN\nlabel: tracker", environment: ["TOKEN": "hunter2-very-secret"])
        var dumped = ""
        dump(options, to: &dumped)
        for shown in ["\(options)", String(reflecting: options), "\(options.api_key)", dumped] {
            #expect(!shown.contains("hunter2"), "\(shown)")
        }
        #expect("\(options.api_key)".contains("environment variable TOKEN"))
    }

    @Test func aSecretThatCannotBeReadIsRefusedWithItsKey() throws {
        let unset = #expect(throws: ConfigError.self) { try Self.decode("label: x\napi_key_env: NOT_SET") }
        #expect(unset?.key == "api_key_env")
        #expect(unset?.line == 2)
        #expect(unset?.reason == "environment variable NOT_SET is not set")
        let missing = #expect(throws: ConfigError.self) { try Self.decode("api_key_file: /nonexistent/key") }
        #expect(missing?.key == "api_key_file")
        #expect(missing?.reason == "cannot read /nonexistent/key")
        let both = #expect(throws: ConfigError.self) {
            try Self.decode("api_key_env: A\napi_key_file: b", environment: ["A": "a"])
        }
        #expect(both?.reason.contains("give api_key_env or api_key_file, not both") == true, "\(String(describing: both))")
        let inline = #expect(throws: ConfigError.self) { try Self.decode("api_key: hunter2") }
        #expect(inline?.key == "api_key", "\(String(describing: inline))")
        #expect(inline?.reason == "a secret is never written inline; give api_key_env or api_key_file")
        let absent = #expect(throws: ConfigError.self) { try Self.decode("label: x") }
        #expect(absent?.key == "api_key_env")
        #expect(absent?.reason == "required: give api_key_env or api_key_file", "\(String(describing: absent))")
    }
}

/// Key paths as errors name them, read back into keys.
@Suite struct ConfigKeyPathTests {
    @Test func aRenderedPathReadsBackIntoItsKeys() {
        for text in ["rooms[1].privacy", "bots[0].hooks[2].secret_env", "limits", "matrix[0][3]"] {
            #expect(ConfigKeyPath.render(ConfigKeyPath.keys(text)) == text)
        }
        #expect(ConfigKeyPath.keys("hooks[0].preset").map(\.intValue) == [nil, 0, nil])
        #expect(ConfigKeyPath.keys("").isEmpty)
    }
}
