@testable import BotKit
import Foundation
import PersistentChat
import Testing

/// Cron schedules as declared: refused declarations, and the last slot a restart finds missed.
@Suite struct CronScheduleTests {
    @Test func aFaultyDeclarationIsRefused() {
        var commands = BotCommands()
        commands.schedule("0 9 * * mon-fri", timeZone: "Mars/Olympus", "stand-up") { _ in }
        commands.schedule("@daily", timeZone: "UTC", "digest") { _ in }
        commands.schedule("@hourly", timeZone: "UTC", "digest") { _ in }
        commands.schedule("@fortnightly", timeZone: "UTC", "odd") { _ in }
        #expect(commands.problems == [
            "schedule 'stand-up': 'Mars/Olympus' is not a time zone (use an IANA name such as Europe/Berlin or UTC)",
            "schedule 'digest' is declared twice",
            "schedule 'odd': '@fortnightly' is not a cron expression: unknown shorthand '@fortnightly' (use @yearly, @monthly, @weekly, @daily or @hourly)",
        ])
    }

    @Test func theLastMissedSlotIsFoundOverLongAndShortOutages() throws {
        let start = Date(timeIntervalSince1970: 1_767_571_200) // Monday 5 January 2026, 00:00 UTC
        let minutely = try CronSchedule("* * * * *", timeZone: "UTC")
        // Ninety days down: the last minute before the end, found without walking every minute.
        let end = start.addingTimeInterval(90 * 86_400 + 30)
        #expect(minutely.lastSlot(after: start, upTo: end) == start.addingTimeInterval(90 * 86_400))
        let yearly = try CronSchedule("@yearly", timeZone: "Europe/Berlin")
        // 1 January 2027, 00:00 in Berlin is 31 December 2026, 23:00 UTC.
        let newYear = Date(timeIntervalSince1970: 1_798_758_000)
        #expect(yearly.lastSlot(after: start, upTo: start.addingTimeInterval(3 * 365 * 86_400)) != nil)
        #expect(yearly.lastSlot(after: start, upTo: newYear) == newYear)
        #expect(yearly.lastSlot(after: start, upTo: newYear.addingTimeInterval(-1)) == nil)
        #expect(yearly.lastSlot(after: newYear, upTo: newYear) == nil)
    }

    @Test func aScheduleReadsFromOptionsWithItsMissedPolicy() throws {
        let schedule = try JSONDecoder().decode(CronSchedule.self, from: Data(#"{"cron": "@daily", "time_zone": "Asia/Tokyo", "missed": "once"}"#.utf8))
        #expect(schedule.missed == .once)
        #expect(schedule.description == "@daily in Asia/Tokyo")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CronSchedule.self, from: Data(#"{"cron": "@daily", "time_zone": "UTC", "missed": "twice"}"#.utf8))
        }
    }
}

/// The questions an instance has open.
@Suite struct QuestionDeskTests {
    @Test func onePersonHasOneQuestionOpenAtOnceAndOldMessagesAreNoAnswer() async throws {
        let desk = QuestionDesk()
        let old = ChatMessage.forTests(id: 7, author: "sip:ann@example.org", text: "earlier")
        #expect(!desk.take(old))
        let id = try #require(desk.open(to: "sip:Ann@example.org"))
        #expect(desk.open(to: "sip:ann@example.org") == nil)
        #expect(desk.open(to: "sip:bob@example.org") != nil)
        // Until the question is stored, nothing answers it (a message handed over from history may be older).
        #expect(!desk.take(ChatMessage.forTests(id: 8, author: "sip:ann@example.org", text: "early")))
        desk.posted(id, of: "sip:ann@example.org", as: 8)
        // Handed over again (history after a reconnection): older than the question, so no answer.
        #expect(!desk.take(old))
        #expect(!desk.take(ChatMessage.forTests(id: 8, author: "sip:carol@example.org", text: "me?")))
        let answer = ChatMessage.forTests(id: 9, author: "sip:ann@example.org", text: "staging")
        #expect(desk.take(answer))
        #expect(try await desk.answer(id, of: "sip:ann@example.org").messageContent == "staging")
        #expect(desk.open(to: "sip:ann@example.org") != nil)
    }

    @Test func aQuestionClosedBeforeAnyoneWaitsKeepsItsError() async throws {
        let desk = QuestionDesk()
        let id = try #require(desk.open(to: "sip:ann@example.org"))
        desk.close(id, of: "sip:ann@example.org", with: BotQuestionError.timedOut(person: "sip:ann@example.org", after: .seconds(1)))
        await #expect(throws: BotQuestionError.timedOut(person: "sip:ann@example.org", after: .seconds(1))) {
            try await desk.answer(id, of: "sip:ann@example.org")
        }
    }
}

extension ChatMessage {
    static func forTests(id: Int64, author: String, text: String) -> ChatMessage {
        ChatMessage(ChatMessagePayload(id: id, room: ChatRoomURI(domain: "example.org", id: UUID()), roomName: "team",
                                       author: SIPURI(author) ?? SIPURI("sip:nobody@example.org")!, text: text, alert: false,
                                       ts: 0, clientMessageId: nil))
    }
}
