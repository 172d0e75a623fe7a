import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// Plain, alert, story and formatted messages: delivered live, kept in history, and limited by the server's sizes.
@Suite struct MessageFormatTests {
    @Test func storiesAndFormattedPartsTravelAndAreKept() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "team")
            let (_, listener) = try await server.join("bob", "team")
            let story = try await session.sendChatMessage(storyTitle: "Outage report", content: "The database was down for 3 minutes.", alert: true)
            let storyMessage = await first(listener.messages) { $0.messageId == story }
            #expect(storyMessage?.storyTitle == "Outage report")
            #expect(storyMessage?.isStory == true && storyMessage?.isAlert == true)
            #expect(storyMessage?.messageContent == "The database was down for 3 minutes.")

            var formatted = FormattedOutboundChatMessage()
            formatted.appendPlainText("see ")
            formatted.appendHyperLink("the runbook", url: "https://wiki.example/runbook")
            formatted.appendPlainText(" in ")
            formatted.appendChatRoomLink(ChatRoomSummary(chatRoomUri: try #require(session.chatRoomUri), name: "team"))
            formatted.appendEmoticon(.smile)
            let id = try await session.sendChatMessage(formatted)
            let received = await first(listener.messages) { $0.messageId == id }
            #expect(received?.formattedMessageParts == formatted.formattedMessageParts)
            #expect(received?.messageContent == "see the runbook <https://wiki.example/runbook> in team:)")

            // History keeps both, parts and title included.
            let history = try await listener.getRecentChatHistory(2)
            #expect(history.map(\.storyTitle) == ["Outage report", nil])
            #expect(history.last?.formattedMessageParts == formatted.formattedMessageParts)
        }
    }

    @Test func sizeLimitsAndBadPartsAreRefused() async throws {
        var limits = ServerLimits()
        limits.messageSize = 64
        limits.storySize = 256
        try await withTestServer(limits: limits) { server in
            let (_, session) = try await server.join("alice", "team")
            let long = String(repeating: "x", count: 65)
            let tooLong = await chatError { try await session.sendChatMessage(long) }
            #expect(tooLong?.code == .limitExceeded && tooLong?.detail == .messageTooLarge)
            // The same text fits in a story, whose limit is the story size.
            _ = try await session.sendChatMessage(storyTitle: "t", content: long)
            let tooLongStory = await chatError { try await session.sendChatMessage(storyTitle: "t", content: String(repeating: "y", count: 257)) }
            #expect(tooLongStory?.code == .limitExceeded)
            var script = FormattedOutboundChatMessage()
            script.appendHyperLink("click", url: "javascript:alert(1)")
            let badLink = await chatError { try await session.sendChatMessage(script) }
            #expect(badLink?.code == .invalidArgument && badLink?.message.contains("javascript") == true)
            let empty = await chatError { try await session.sendChatMessage(FormattedOutboundChatMessage()) }
            #expect(empty?.kind == .invalidArgument)
            // Nothing refused was stored.
            #expect(try await session.getRecentChatHistory(10).count == 1)
        }
    }
}
