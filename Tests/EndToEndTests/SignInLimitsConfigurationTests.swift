import Foundation
import PersistentChatServer
import Testing
import YAMLConfig

/// server.yaml's `limits.sign_in`: defaults, every key read, and a bad value refused with its key.
@Suite struct SignInLimitsConfigurationTests {
    func load(_ yaml: String) throws -> ServerConfiguration {
        try ServerConfigurationLoader.load(YAMLConfigFile(path: "/etc/pchat/server.yaml", text: ServerConfigurationTests.valid + yaml))
    }

    @Test func defaults() throws {
        let limits = try load("").limits.signIn
        #expect(limits.failures == 5)
        #expect(limits.window == .seconds(300))
        #expect(limits.longestDelay == .seconds(900))
        #expect(limits.firstDelay == .seconds(60))
        #expect(limits.verifiers == 2)
    }

    @Test func everyKeyIsRead() throws {
        let limits = try load("""
            limits:
              sign_in: {failures: 3, address_failures: 7, account_failures: 9, window: 30s, longest_delay: 2m, verifiers: 4, waiting_verifications: 8, tracked_counters: 500}

            """).limits.signIn
        #expect(limits.failures == 3 && limits.addressFailures == 7 && limits.accountFailures == 9)
        #expect(limits.window == .seconds(30) && limits.longestDelay == .seconds(120))
        #expect(limits.verifiers == 4 && limits.waitingVerifications == 8 && limits.trackedCounters == 500)
    }

    @Test(arguments: [
        ("limits: {sign_in: {failures: 0}}\n", "limits.sign_in.failures", "between 1 and"),
        ("limits: {sign_in: {window: soon}}\n", "limits.sign_in.window", "duration"),
        ("limits: {sign_in: {lockout: 5}}\n", "limits.sign_in.lockout", "unknown key"),
    ])
    func badValuesNameTheirKey(yaml: String, key: String, reason: String) {
        #expect {
            _ = try load(yaml)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return "\(error)".contains("\(key): ") && error.reason.contains(reason)
        }
    }
}
