import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// Preference bundles over real sockets: optimistic sequence ids, defaults, per-user isolation, persistence.
@Suite struct PreferenceTests {
    @Test func aBundleIsReturnedOnlyWhenNewerThanTheCallersCopy() async throws {
        try await withTestServer { server in
            let alice = try await server.connect("alice")
            let services = alice.persistentChatServices
            #expect(try await services.getPreferenceBundle(label: "layout", sequenceId: 0) == nil)
            let fallback = try await services.getPreferenceBundle(label: "layout", sequenceId: 0, provideDefault: true)
            #expect(fallback == PersistentChatPreferenceBundle(label: "layout", sequenceId: 0, data: ""))

            let first = try await services.setPreferenceBundle(PersistentChatPreferenceBundle(label: "layout", sequenceId: 0, data: "v1"))
            #expect(first == 1)
            #expect(try await services.getPreferenceBundle(label: "layout", sequenceId: 0)
                    == PersistentChatPreferenceBundle(label: "layout", sequenceId: 1, data: "v1"))
            #expect(try await services.getPreferenceBundle(label: "layout", sequenceId: 1) == nil)
            #expect(try await services.getPreferenceBundle(label: "layout", sequenceId: 1, provideDefault: true) == nil)

            let second = try await services.setPreferenceBundle(PersistentChatPreferenceBundle(label: "layout", sequenceId: 1, data: "v2 ✓ {\"json\":true}"))
            #expect(second == 2)
            #expect(try await services.getPreferenceBundle(label: "layout", sequenceId: 1)?.data == "v2 ✓ {\"json\":true}")
            #expect(try await services.getPreferenceBundle(label: "layout", sequenceId: 0)?.sequenceId == 2)
            // Labels are separate bundles.
            #expect(try await services.getPreferenceBundle(label: "other", sequenceId: 0) == nil)
        }
    }

    @Test func aStaleSequenceIdIsRefused() async throws {
        try await withTestServer { server in
            let alice = try await server.connect("alice")
            let services = alice.persistentChatServices
            #expect(try await services.setPreferenceBundle(PersistentChatPreferenceBundle(label: "tabs", sequenceId: 0, data: "one")) == 1)
            // A second writer that read nothing (or an old copy) loses.
            let other = try await server.connect("alice")
            for stale in [0, 5] {
                expectRefusal(await chatError {
                    _ = try await other.persistentChatServices.setPreferenceBundle(PersistentChatPreferenceBundle(label: "tabs", sequenceId: stale, data: "two"))
                }, .dataCollision, .staleSequence)
            }
            #expect(try await services.getPreferenceBundle(label: "tabs", sequenceId: 0)?.data == "one")
            // Having read the current one, the second writer wins.
            let current = try #require(try await other.persistentChatServices.getPreferenceBundle(label: "tabs", sequenceId: 0))
            #expect(try await other.persistentChatServices.setPreferenceBundle(PersistentChatPreferenceBundle(
                label: "tabs", sequenceId: current.sequenceId, data: "two")) == 2)
            expectRefusal(await chatError {
                _ = try await services.setPreferenceBundle(PersistentChatPreferenceBundle(label: "tabs", sequenceId: 1, data: "three"))
            }, .dataCollision, .staleSequence)
            #expect(try await services.getPreferenceBundle(label: "tabs", sequenceId: 1)?.data == "two")
        }
    }

    @Test func bundlesBelongToOneUser() async throws {
        try await withTestServer { server in
            let alice = try await server.connect("alice")
            let bob = try await server.connect("bob")
            #expect(try await alice.persistentChatServices.setPreferenceBundle(PersistentChatPreferenceBundle(label: "theme", sequenceId: 0, data: "dark")) == 1)
            #expect(try await bob.persistentChatServices.getPreferenceBundle(label: "theme", sequenceId: 0) == nil)
            // bob starts his own at 0, unaffected by alice's.
            #expect(try await bob.persistentChatServices.setPreferenceBundle(PersistentChatPreferenceBundle(label: "theme", sequenceId: 0, data: "light")) == 1)
            #expect(try await alice.persistentChatServices.getPreferenceBundle(label: "theme", sequenceId: 0)?.data == "dark")
            #expect(try await bob.persistentChatServices.getPreferenceBundle(label: "theme", sequenceId: 0)?.data == "light")
            // Another endpoint of alice's reads hers.
            let aliceAgain = try await server.connect("alice")
            #expect(try await aliceAgain.persistentChatServices.getPreferenceBundle(label: "theme", sequenceId: 0)?.data == "dark")
        }
    }

    @Test func labelsAndSizesAreChecked() async throws {
        var limits = ServerLimits()
        limits.storySize = 1000
        try await withTestServer(limits: limits) { server in
            let alice = try await server.connect("alice")
            let services = alice.persistentChatServices
            expectRefusal(await chatError { _ = try await services.getPreferenceBundle(label: "", sequenceId: 0) }, .invalidArgument, .invalidArgument)
            expectRefusal(await chatError { _ = try await services.setPreferenceBundle(PersistentChatPreferenceBundle(label: "", sequenceId: 0, data: "x")) },
                          .invalidArgument, .invalidArgument)
            expectRefusal(await chatError {
                _ = try await services.getPreferenceBundle(label: String(repeating: "l", count: 257), sequenceId: 0)
            }, .invalidArgument, .tooLong)
            let limit = try services.serverConfiguration.storySizeLimit
            #expect(limit == 1000)
            expectRefusal(await chatError {
                _ = try await services.setPreferenceBundle(PersistentChatPreferenceBundle(label: "big", sequenceId: 0,
                                                                                          data: String(repeating: "é", count: limit / 2 + 1)))
            }, .limitExceeded, .tooLong)
            #expect(try await services.setPreferenceBundle(PersistentChatPreferenceBundle(label: "big", sequenceId: 0,
                                                                                          data: String(repeating: "b", count: limit))) == 1)
        }
    }

    @Test func aBundleAtTheDefaultSizeLimitIsStored() async throws {
        try await withTestServer { server in
            let alice = try await server.connect("alice")
            let services = alice.persistentChatServices
            // The server advertises the story size limit as the largest bundle; one of exactly that size must be stored.
            let limit = try services.serverConfiguration.storySizeLimit
            var sequenceId: Int?
            let refused = await chatError {
                sequenceId = try await services.setPreferenceBundle(PersistentChatPreferenceBundle(
                    label: "largest", sequenceId: 0, data: String(repeating: "b", count: limit)))
            }
            #expect(refused == nil, "a \(limit)-byte bundle was not stored: \(String(describing: refused))")
            #expect(sequenceId == 1)
            #expect(alice.state == .established, "the connection was closed")
        }
    }

    @Test func bundlesSurviveARestart() async throws {
        try await withTestFolder { folder in
            try await withTestServer(folder: folder) { server in
                let alice = try await server.connect("alice")
                #expect(try await alice.persistentChatServices.setPreferenceBundle(PersistentChatPreferenceBundle(label: "kept", sequenceId: 0, data: "still here")) == 1)
            }
            try await withTestServer(folder: folder) { restarted in
                let again = try await restarted.connect("alice")
                let bundle = try await again.persistentChatServices.getPreferenceBundle(label: "kept", sequenceId: 0)
                #expect(bundle == PersistentChatPreferenceBundle(label: "kept", sequenceId: 1, data: "still here"))
            }
        }
    }
}
