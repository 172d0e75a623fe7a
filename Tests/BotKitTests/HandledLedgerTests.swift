import BotKit
import Foundation
import Testing

/// The ledger on a real SQLite file: a first start is recorded at once, records survive reopening, and rooms and
/// bots are kept apart.
@Suite struct HandledLedgerTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)/state/ledger.sqlite").path
    }

    @Test func aFirstOpenRecordsItsStartAndLaterOpensKeepTheRecord() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path) }
        do {
            let ledger = try HandledLedger(path: path)
            #expect(try ledger.entry(room: "room-a", bot: "echo#0") == nil)
            #expect(try ledger.open(room: "room-a", bot: "echo#0", startingAfter: 40) == .init(watermark: 40, handledAbove: []))
            try ledger.record(room: "room-a", bot: "echo#0", handled: 42, watermark: 40)
            try ledger.record(room: "room-a", bot: "echo#0", handled: 43, watermark: 40)
            try ledger.record(room: "room-b", bot: "echo#0", handled: 9, watermark: 9)
        }
        let reopened = try HandledLedger(path: path)
        // The start given now is ignored: the instance has a record.
        #expect(try reopened.open(room: "room-a", bot: "echo#0", startingAfter: 99) == .init(watermark: 40, handledAbove: [42, 43]))
        try reopened.record(room: "room-a", bot: "echo#0", handled: 41, watermark: 43)
        #expect(try reopened.entry(room: "room-a", bot: "echo#0") == .init(watermark: 43, handledAbove: []))
        // Recording in a room the instance never opened there leaves no record.
        #expect(try reopened.entry(room: "room-b", bot: "echo#0") == nil)
        #expect(try reopened.entry(room: "room-a", bot: "http#1") == nil)
    }

    @Test func theWatermarkNeverMovesBack() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path) }
        let ledger = try HandledLedger(path: path)
        _ = try ledger.open(room: "r", bot: "b", startingAfter: 100)
        try ledger.record(room: "r", bot: "b", handled: 50, watermark: 50)
        #expect(try ledger.entry(room: "r", bot: "b") == .init(watermark: 100, handledAbove: []))
    }

    @Test func aLedgerPathThatCannotBeCreatedIsRefused() {
        #expect(throws: (any Error).self) { try HandledLedger(path: "/proc/no-such-place/ledger.sqlite") }
    }
}
