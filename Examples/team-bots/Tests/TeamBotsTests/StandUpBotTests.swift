import BotKitTesting
import Foundation
import TeamBots
import Testing

/// Monday 5 January 2026 at 08:00 UTC: 09:00 in Berlin.
let mondayNineInBerlin = Date(timeIntervalSince1970: 1_767_600_000)

@Test func callsTheStandUpAtItsSlotAndNumbersItFromStorage() async throws {
    let options = #"schedule: {cron: "0 9 * * 1-5", time_zone: Europe/Berlin}"#
    try await withBotHarness(StandUpBot.self, options: options) { harness in
        // Storage preloaded as if 41 stand-ups were held before.
        try await harness.storage().set("held", to: 41)
        try await harness.clock.waitForSleeper(wakingAt: mondayNineInBerlin)
        harness.clock.advance(toWallTime: mondayNineInBerlin)
        try await harness.expectReply("Stand-up #42: what did you do, what will you do, what is in your way?")
        #expect(try await harness.storage().value("held", as: Int.self) == 42)
    }
}

@Test func runsTheStandUpItMissedOnceAfterARestart() async throws {
    let options = #"schedule: {cron: "0 9 * * 1-5", time_zone: Europe/Berlin, missed: once}"#
    try await withBotHarness(StandUpBot.self, options: options) { harness in
        try await harness.clock.waitForSleeper(wakingAt: mondayNineInBerlin)
        // Down from before 09:00 until 10:30: the missed slot runs once when the host is back.
        try await harness.restartHost { harness.clock.advance(toWallTime: mondayNineInBerlin.addingTimeInterval(5_400)) }
        try await harness.expectReply("Stand-up #1: what did you do, what will you do, what is in your way?")
        try await harness.send("!stand-ups")
        try await harness.expectReply("1 stand-ups so far")
    }
}
