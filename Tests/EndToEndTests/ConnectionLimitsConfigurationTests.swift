import Foundation
import PersistentChatServer
import Testing
import YAMLConfig

/// `limits.connections` in server.yaml: its defaults, its keys, and errors that name the key.
@Suite struct ConnectionLimitsConfigurationTests {
    private func load(_ connections: String) throws -> ServerConfiguration {
        try ServerConfigurationLoader.load(YAMLConfigFile(path: "/etc/pchat/server.yaml", text: """
            domain: contoso.com
            directory: {ldif: directory.ldif}
            limits: {connections: \(connections)}

            """))
    }

    @Test func theDefaultsAreThoseDocumented() {
        let limits = ServerLimits().connections
        #expect(limits.requestTimeout == .seconds(10) && limits.establishTimeout == .seconds(10))
        #expect(limits.total == 10_000 && limits.perAddress == 100)
        #expect(limits.unestablishedFrameSize == 65_536 && limits.outboundBytes == 16 << 20)
    }

    @Test func everyKeyIsRead() throws {
        let limits = try load("""
            {request_timeout: 2s, establish_timeout: 500ms, total: 50, per_address: 5, unestablished_frame_size: 4096, \
            outbound_bytes: 1048576}
            """).limits.connections
        #expect(limits.requestTimeout == .seconds(2) && limits.establishTimeout == .milliseconds(500))
        #expect(limits.total == 50 && limits.perAddress == 5)
        #expect(limits.unestablishedFrameSize == 4096 && limits.outboundBytes == 1 << 20)
    }

    @Test(arguments: [
        ("{per_address: 60, total: 50}", "per_address", "must not exceed total"),
        ("{request_timeout: soon}", "request_timeout", "expected a duration"),
        ("{outbound_bytes: 1000}", "outbound_bytes", "must be between 65536"),
        ("{total: 0}", "total", "must be between 1"),
        ("{max_connections: 5}", "max_connections", "unknown key"),
    ])
    func badValuesAreRefusedNamingTheKey(yaml: String, key: String, reason: String) {
        #expect {
            try load(yaml)
        } throws: { error in
            let text = "\(error)"
            return text.contains(key) && text.contains(reason)
        }
    }
}
