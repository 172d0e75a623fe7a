import BotKit
import BotKitTesting
import Foundation
import Testing
import YAMLConfig

/// `context.storage` and `context.sharedStorage`: Codable values by key in the host's ledger database, with prefixes,
/// expiry, atomic updates, and writes kept only when the handler call completes.
@Suite struct BotStorageTests {
    @Test func valuesAreKeptListedExpiredAndDeleted() async throws {
        try await withBotHarness(KeeperBot.self) { harness in
            try await harness.send("!note deploy freeze until friday")
            try await harness.expectReply("noted deploy")
            try await harness.send("!note lunch at noon")
            try await harness.expectReply("noted lunch")
            try await harness.send("!read deploy")
            try await harness.expectReply("freeze until friday (by sip:tester@harness.example)")
            try await harness.send("!list")
            try await harness.expectReply("notes: deploy, lunch")
            try await harness.send("!list de")
            try await harness.expectReply("notes: deploy")
            try await harness.send("!forget deploy")
            try await harness.expectReply("forgot")
            try await harness.send("!read deploy")
            try await harness.expectReply("no note")
            // Expiry is on the wall clock: a note for a tenth of a second is gone soon after.
            try await harness.send("!note-for 100 brief gone soon")
            try await harness.expectReply("noted brief")
            try await Task.sleep(for: .milliseconds(300))
            try await harness.send("!read brief")
            try await harness.expectReply("no note")
            try await harness.send("!list")
            try await harness.expectReply("notes: lunch")
        }
    }

    @Test func anUpdateIsAtomicAgainstTheBotsOtherCalls() async throws {
        // Up to eight calls at once, each pausing between its read and its write: what a call reads is not changed
        // under it by another, so no count is lost. (Within the room's outbound burst, which refills on the harness's
        // virtual clock only.)
        try await withBotHarness(KeeperBot.self, options: "concurrency: 8") { harness in
            for _ in 0..<6 { _ = try await harness.send("!slow-count") }
            for _ in 0..<6 { _ = try await harness.send("!count") }
            var total = ""
            for _ in 0..<15 where total != "total 12" {
                try await Task.sleep(for: .milliseconds(200))
                try await harness.send("!total")
                total = try await harness.nextReply().messageContent
            }
            #expect(total == "total 12")
        }
    }

    @Test func aCallThatFailsKeepsNothingItWrote() async throws {
        try await withBotHarness(KeeperBot.self) { harness in
            try await harness.send("!write-then-fail")
            try await harness.send("!read failed")
            try await harness.expectReply("no note")
        }
    }

    @Test func theInstancesOwnAndTheSharedScopeAreApart() async throws {
        try await withBotHarness(KeeperBot.self) { harness in
            try await harness.send("!shared motd hello everyone")
            try await harness.expectReply("shared")
            try await harness.send("!read-shared motd")
            try await harness.expectReply("shared: hello everyone")
            // The instance's own keys do not see the shared one.
            try await harness.send("!note motd mine")
            try await harness.expectReply("noted motd")
            try await harness.send("!read-shared note/motd")
            try await harness.expectReply("shared: none")
        }
    }

    @Test func aValueTooLargeIsRefusedWithItsSize() async throws {
        try await withBotHarness(KeeperBot.self) { harness in
            try await harness.send("!big")
            let reply = try await harness.nextReply().messageContent
            #expect(reply.hasPrefix("refused: storage key 'big': the value is 70002 bytes as JSON; the most is 65536"), "\(reply)")
        }
    }
}

extension BotStorageTests {
    @Test func aTestPreloadsAndReadsTheBotsStorage() async throws {
        try await withBotHarness(KeeperBot.self) { harness in
            let storage = try await harness.storage()
            try await storage.set("count", to: 41)
            try await storage.set("note/preloaded", to: KeeperBot.Note(text: "from the test", by: "the test"))
            try await harness.send("!count")
            try await harness.expectReply("count 42")
            try await harness.send("!read preloaded")
            try await harness.expectReply("from the test (by the test)")
            try await harness.send("!note seen by the test")
            try await harness.expectReply("noted seen")
            #expect(try await storage.value("note/seen", as: KeeperBot.Note.self)?.text == "by the test")
            #expect(try await storage.keys(prefix: "note/") == ["note/preloaded", "note/seen"])
            let shared = try await harness.storage(shared: true)
            try await shared.set("motd", to: "preloaded for everyone")
            try await harness.send("!read-shared motd")
            try await harness.expectReply("shared: preloaded for everyone")
        }
    }
}

extension BotStorageTests {
    @Test func theLimitsComeFromHostYAML() async throws {
        try await withBotHarness(KeeperBot.self, host: "storage: {value_bytes: 1000, scope_bytes: 2000}") { harness in
            try await harness.send("!big")
            let reply = try await harness.nextReply().messageContent
            #expect(reply.hasPrefix("refused: storage key 'big': the value is 70002 bytes as JSON; the most is 1000"), "\(reply)")
            let storage = try await harness.storage()
            let block = String(repeating: "x", count: 600)
            for n in 0..<3 { try await storage.set("k\(n)", to: block) }
            await #expect {
                try await storage.set("k3", to: block)
            } throws: { error in
                "\(error)".contains("would hold") && "\(error)".contains("the most is 2000")
            }
            // Replacing a key counts its new size only; an expired value counts for nothing.
            try await storage.set("k0", to: String(repeating: "y", count: 600))
            try await storage.set("k2", to: "brief", expiresAfter: .milliseconds(1))
            try await Task.sleep(for: .milliseconds(20))
            try await storage.set("k3", to: block)
        }
        await #expect {
            try await withBotHarness(KeeperBot.self, host: "storage: {value_bytes: 4}") { _ in }
        } throws: { error in
            (error as? ConfigError)?.key == "storage.value_bytes"
        }
    }
}
