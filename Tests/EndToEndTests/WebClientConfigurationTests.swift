import Foundation
@testable import PersistentChatServer
import Testing
import YAMLConfig

/// server.yaml's `web_client` and `add_ins`, and room `add_in`: defaults, values as loaded, and errors that name the
/// file, line and key; where the room management view is said to be.
@Suite struct WebClientConfigurationTests {
    func load(_ yaml: String) throws -> ServerConfiguration {
        try ServerConfigurationTests().load(yaml)
    }

    @Test func theDefaultsServeTheClientWithTwelveHourTokensAndNoAddIns() throws {
        let configuration = try load(ServerConfigurationTests.valid)
        #expect(configuration.webClient == WebClientSettings())
        #expect(configuration.webClient.enabled && configuration.webClient.sessionTokenHours == 12)
        #expect(configuration.webClient.publicURL == nil && configuration.webClient.assetsFolder == nil)
        #expect(configuration.addIns.isEmpty)
        #expect(configuration.rooms.allSatisfy { $0.addIn == nil })
    }

    @Test func everyKeyIsReadAndARoomNamesItsAddInAsRegistered() throws {
        let configuration = try load(ServerConfigurationTests.valid + """
              - {name: ops, category: Help, add_in: runbook}
            web_client: {enabled: false, public_url: "https://chat.contoso.com", session_token_hours: 720, assets: client}
            add_ins:
              - {name: Runbook, url: "https://runbook.contoso.com/pane?room=1"}
              - {name: Metrics, url: "http://metrics.contoso.com/"}

            """)
        #expect(!configuration.webClient.enabled)
        #expect(configuration.webClient.publicURL == "https://chat.contoso.com/")
        #expect(configuration.webClient.sessionTokenHours == 720)
        #expect(configuration.webClient.assetsFolder == "/etc/pchat/client")
        #expect(configuration.addIns == [AddInDefinition(name: "Runbook", url: "https://runbook.contoso.com/pane?room=1"),
                                         AddInDefinition(name: "Metrics", url: "http://metrics.contoso.com/")])
        #expect(configuration.rooms.map(\.addIn) == [nil, "Runbook"])
    }

    @Test(arguments: [
        ("add_ins:\n  - {name: Runbook, url: \"https://a.contoso.com/\"}\n  - {name: RUNBOOK, url: \"https://b.contoso.com/\"}\n",
         "add_ins[1].name", "an add-in named 'Runbook' is already defined"),
        ("add_ins:\n  - {name: Runbook, url: \"ftp://a.contoso.com/\"}\n", "add_ins[0].url", "http:// or https://"),
        ("add_ins:\n  - {name: Runbook, url: \"https:///pane\"}\n", "add_ins[0].url", "with a host"),
        ("add_ins:\n  - {name: Runbook, url: \"https://user:pw@a.contoso.com/\"}\n", "add_ins[0].url", "user name or password"),
        ("add_ins:\n  - {name: Runbook}\n", "add_ins[0].url", "required key is missing"),
        // Hosts a Content-Security-Policy would read as more than one exact origin.
        ("add_ins:\n  - {name: Runbook, url: \"https://*.contoso.com/\"}\n", "add_ins[0].url", "the host must be a DNS name"),
        ("add_ins:\n  - {name: Runbook, url: \"http://a%09*/\"}\n", "add_ins[0].url", "the host must be a DNS name"),
        ("add_ins:\n  - {name: Runbook, url: \"http://a%20b.contoso.com/\"}\n", "add_ins[0].url", "the host must be a DNS name"),
        ("add_ins:\n  - {name: \"\", url: \"https://a.contoso.com/\"}\n", "add_ins[0].name", "must not be empty"),
        ("add_ins:\n  - {name: Runbook, url: \"https://a.contoso.com/\", icon: x}\n", "add_ins[0].icon", "unknown key"),
        ("web_client: {session_token_hours: 0}\n", "web_client.session_token_hours", "between 1 and 720"),
        ("web_client: {session_token_hours: 721}\n", "web_client.session_token_hours", "between 1 and 720"),
        ("web_client: {public_url: \"javascript:alert(1)\"}\n", "web_client.public_url", "http:// or https://"),
        ("web_client: {enabled: maybe}\n", "web_client.enabled", "true or false"),
        ("web_client: {colour: red}\n", "web_client.colour", "unknown key"),
    ])
    func badValuesNameTheirKeyAndLine(extra: String, key: String, reason: String) {
        ServerConfigurationTests().expectRefusal(of: ServerConfigurationTests.valid + extra, key: key, reason: reason)
    }

    @Test func aRoomMayNameOnlyARegisteredAddIn() {
        #expect {
            _ = try load(ServerConfigurationTests.valid + "  - {name: ops, category: Help, add_in: Nope}\n"
                         + "add_ins:\n  - {name: Runbook, url: \"https://a.contoso.com/\"}\n")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.key == "rooms[1].add_in" && error.reason == "no add-in named 'Nope' (registered in add_ins: Runbook)"
                && error.line == 7
        }
    }

    @Test func theRoomManagementURLFollowsPublicURLOrListen() {
        func url(host: String = "127.0.0.1", port: Int? = 5061, tls: Bool = false, enabled: Bool = true,
                 publicURL: String? = nil) -> String? {
            var configuration = ServerConfiguration(domain: "contoso.com", displayName: "t", host: host, port: 0,
                                                    dataDirectory: "/tmp/none", directoryLDIF: "", categories: [], rooms: [])
            configuration.tls = tls ? TLSFiles(certificate: "/c.pem", key: "/k.pem") : nil
            configuration.webClient.enabled = enabled
            configuration.webClient.publicURL = publicURL
            return RoomManagementAddress.url(for: configuration, port: port)
        }
        #expect(url() == "http://127.0.0.1:5061/#/manage")
        #expect(url(tls: true) == "https://127.0.0.1:5061/#/manage")
        #expect(url(host: "::1") == "http://[::1]:5061/#/manage")
        #expect(url(host: "chat.contoso.com", port: 443, tls: true) == "https://chat.contoso.com:443/#/manage")
        #expect(url(host: "0.0.0.0") == nil)
        #expect(url(host: "::") == nil)
        #expect(url(port: nil) == nil, "not listening yet")
        #expect(url(enabled: false) == nil)
        #expect(url(host: "0.0.0.0", publicURL: "https://chat.contoso.com/") == "https://chat.contoso.com/#/manage")
        #expect(url(enabled: false, publicURL: "https://chat.contoso.com/") == "https://chat.contoso.com/#/manage")
    }
}
