import Testing
import YAMLConfig

/// YAMLConfig's value types and its refusing decoder: each error names the key and the line of what is wrong.
@Suite struct ConfigValueTypesTests {
    enum Colour: String, ConfigChoice { case red, green, blue }

    struct Paint: Decodable {
        var colour: Colour
        var drying: ConfigDuration?
        var shop: HostAndPort?
        var coat: Coat?
        struct Coat: Decodable { var layers: Int }
    }

    struct Login: Decodable {
        var user: String
        var password: SecretSource
        enum CodingKeys: String, CodingKey, CaseIterable { case user, passwordEnv = "password_env", passwordFile = "password_file" }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            user = try container.decode(String.self, forKey: .user)
            password = try SecretSource(from: container, environmentKey: .passwordEnv, fileKey: .passwordFile)
        }
    }

    /// Reads `type` and `id`; the rest of its mapping belongs to someone else.
    struct Entry: SharedMapping {
        var type: String
        var limits: Limits?
        struct Limits: Decodable { var most: Int }
    }

    func decode<T: Decodable>(_ type: T.Type, _ yaml: String) throws -> T {
        try YAMLConfigFile(path: "/etc/test.yaml", text: yaml).decode(type)
    }

    func expectError<T: Decodable>(_ type: T.Type, _ yaml: String, key: String, line: Int, reason: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            _ = try decode(type, yaml)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "/etc/test.yaml" && error.key == key && error.line == line && error.reason == reason
        }
    }

    @Test func valuesDecodeIntoTheirTypes() throws {
        let paint = try decode(Paint.self, "colour: green\ndrying: 1.5s\nshop: '[::1]:80'\ncoat: {layers: 2}\n")
        #expect(paint.colour == .green)
        #expect(paint.drying?.duration == .milliseconds(1500))
        #expect(paint.shop == HostAndPort(host: "::1", port: 80))
        #expect(paint.shop?.description == "[::1]:80")
        #expect(paint.coat?.layers == 2)
    }

    @Test(arguments: ["127.0.0.1:5061", "localhost:0", "[::1]:65535"])
    func addressesAreRead(text: String) {
        #expect(HostAndPort(text)?.description == text)
    }

    @Test(arguments: ["nowhere", ":80", "[]:80", "host:", "host:65536", "host:-1"])
    func otherTextIsNotAnAddress(text: String) {
        #expect(HostAndPort(text) == nil)
    }

    @Test func durationsOutsideOneMillisecondToADayAreRefused() {
        #expect(ConfigDuration("1ms")?.duration == .milliseconds(1))
        #expect(ConfigDuration("24h")?.duration == .seconds(86_400))
        #expect(ConfigDuration("0s") == nil)
        #expect(ConfigDuration("25h") == nil)
        #expect(ConfigDuration.parse("0s") == .zero)
        // Too long to hold: refused, not a crash.
        #expect(ConfigDuration("1e300s") == nil)
        #expect(ConfigDuration.parse("99999999999999999h") == nil)
    }

    @Test func aWrongValueIsNamedByKeyAndLineWithTheReason() {
        expectError(Paint.self, "colour: purple\n", key: "colour", line: 1, reason: "expected red, green or blue, got 'purple'")
        expectError(Paint.self, "colour: red\n\ndrying: soon\n", key: "drying", line: 3,
                    reason: "expected a duration between 1ms and 24h such as 30s or 500ms, got 'soon'")
        expectError(Paint.self, "colour: red\nshop: nowhere\n", key: "shop", line: 2,
                    reason: "expected HOST:PORT such as 127.0.0.1:5061 or [::1]:5061, with a port from 0 to 65535, got 'nowhere'")
    }

    @Test func anUnknownKeyIsRefusedAtAnyDepth() {
        expectError(Paint.self, "colour: red\ncolor: red\n", key: "color", line: 2,
                    reason: "unknown key (expected one of: coat, colour, drying, shop)")
        expectError(Paint.self, "colour: red\ncoat:\n  layers: 2\n  layer: 3\n", key: "coat.layer", line: 4,
                    reason: "unknown key (expected one of: layers)")
        expectError([Paint].self, "- colour: red\n- colour: blue\n  dryng: 2s\n", key: "[1].dryng", line: 3,
                    reason: "unknown key (expected one of: coat, colour, drying, shop)")
    }

    @Test func aMisspeltRequiredKeyIsReportedAsUnknownWhenTheKeysAreListed() {
        expectError(Login.self, "usr: alice\npassword_env: SECRET\n", key: "usr", line: 1,
                    reason: "unknown key (expected one of: password_env, password_file, user)")
        // Without listed keys, what is missing is all that is known.
        expectError(Paint.self, "colur: red\n", key: "colour", line: 1, reason: "required key is missing")
    }

    @Test func aSecretIsGivenByExactlyOneOfItsTwoKeys() throws {
        #expect(try decode(Login.self, "user: a\npassword_env: SECRET\n").password == .environment(variable: "SECRET"))
        #expect(try decode(Login.self, "user: a\npassword_file: bot.password\n").password == .file(path: "bot.password"))
        expectError(Login.self, "user: a\n", key: "", line: 1, reason: "give password_env or password_file (passwords are never written inline)")
        expectError(Login.self, "user: a\npassword_env: A\npassword_file: b\n", key: "", line: 1,
                    reason: "give password_env or password_file, not both")
    }

    @Test func aSharedMappingLeavesItsOtherKeysToTheirReaderButChecksWhatItReads() throws {
        #expect(try decode(Entry.self, "type: echo\ncommand: say\n").type == "echo")
        expectError(Entry.self, "type: echo\nlimits: {most: 1, least: 0}\n", key: "limits.least", line: 2,
                    reason: "unknown key (expected one of: most)")
    }

    @Test func optionsReadBySomeoneElseAreNamedForTheirOwner() {
        #expect {
            _ = try YAMLConfigFile(path: "/etc/test.yaml", text: "type: echo\ncolour: red\nshade: dark\n")
                .decodeRefusingUnknownKeys(Paint.self, at: [], alsoAllowed: ["type"], owner: "bot type 'paint'")
        } throws: { error in
            (error as? ConfigError) == ConfigError(file: "/etc/test.yaml", key: "shade", line: 3,
                                                    reason: "unknown key for bot type 'paint' (its options: coat, colour, drying, shop)")
        }
    }
}
