import Foundation
import NIOWebSocket
import PersistentChat
import PersistentChatServer
import Testing

/// Malformed, oversized and out-of-order input gets a clear error or a close with a reason; nothing partial is stored.
@Suite struct BadInputTests {
    @Test func malformedFramesGetErrorRepliesAndTheConnectionLivesOn() async throws {
        let server = try await TestServer.start()
        let room = try #require(try await server.connect("bob").persistentChatServices.browseChatRoomsByCriteria("team").first)
        let join = #"{"v":1,"type":"cmd","seq":7,"cmd":"join","data":{"room":{"uri":"\#(room.chatRoomUri)"}}}"#
        let transcript = try await RawClient.run(server.url, steps: [
            .text(#"{"v":1,"type":"cmd","seq":1,"cmd":"join","data":{"room":{"name":"team"}}}"#),
            .await(count: 1),
            .text(RawClient.establish(seq: 2)),
            .await(count: 2),
            .text("this is not json"),
            .text(#"{"v":1,"type":"cmd","seq":4,"cmd":"explode","data":{}}"#),
            .text(#"{"v":1,"type":"cmd","seq":5,"cmd":"join","data":{"room":{"name":"no-such-room"}}}"#),
            .text(#"{"v":1,"type":"cmd","seq":6,"cmd":"join"}"#),
            .text(#"{"v":2,"type":"cmd","seq":8,"cmd":"serverInfo","data":{}}"#),
            .text(join),
            .text(#"{"v":1,"type":"grpchat","seq":9,"data":{"room":"\#(room.chatRoomUri)","text":"\#(String(repeating: "x", count: 9000))","alert":false}}"#),
            .text(#"{"v":1,"type":"grpchat","seq":10,"data":{"room":"\#(room.chatRoomUri)","text":"   ","alert":false}}"#),
            .text(#"{"v":1,"type":"grpchat","seq":11,"data":{"room":"not-a-uri","text":"hi","alert":false}}"#),
            .text(#"{"v":1,"type":"cmd","seq":12,"cmd":"browse","data":{"criteria":"\#(String(repeating: "n", count: 300))"}}"#),
            .text(#"{"v":1,"type":"grpchat","seq":13,"data":{"room":"\#(room.chatRoomUri)","text":"still here","alert":false}}"#),
            .await(count: 13),
            .text(#"{"v":1,"type":"cmd","seq":14,"cmd":"terminate","data":{}}"#),
        ])
        #expect(RawClient.failure(transcript, seq: 1)?.code == .invalidFlowOfOperations)
        #expect(RawClient.failure(transcript, seq: 0)?.detail == .malformedFrame)
        #expect(RawClient.failure(transcript, seq: 4)?.code == .msgNotSupported)
        #expect(RawClient.failure(transcript, seq: 4)?.message.contains("explode") == true)
        #expect(RawClient.failure(transcript, seq: 5)?.code == .noSuchNode)
        let missingData = RawClient.failure(transcript, seq: 6)
        #expect(missingData?.code == .invalidArgument)
        #expect(missingData?.message.contains("data") == true)
        #expect(RawClient.failure(transcript, seq: 8)?.detail == .unsupportedVersion)
        let tooBig = RawClient.failure(transcript, seq: 9)
        #expect(tooBig?.code == .limitExceeded)
        #expect(tooBig?.message.contains("8192") == true)
        #expect(RawClient.failure(transcript, seq: 10)?.detail == .emptyMessage)
        #expect(RawClient.failure(transcript, seq: 11)?.code == .invalidArgument)
        #expect(RawClient.failure(transcript, seq: 12)?.detail == .tooLong)
        #expect(RawClient.failure(transcript, seq: 13) == nil)
        #expect(transcript.closeCode == .normalClosure)

        // Only the one good post was stored.
        let bob = try await server.connect("bob")
        let history = try await bob.persistentChatServices.getRecentChatHistory(room: .name("team"), count: 50)
        #expect(history.map(\.messageContent) == ["still here"])
        await bob.terminate()
        await server.tearDown()
    }

    @Test func anOversizedFrameClosesTheConnectionWithAReason() async throws {
        var limits = ServerLimits()
        limits.frameSize = 16 * 1024
        let server = try await TestServer.start(limits: limits)
        let transcript = try await RawClient.run(server.url, steps: [
            .text(RawClient.establish()),
            .await(count: 1),
            .text(String(repeating: "y", count: 20 * 1024)),
            .await(count: 2),
        ])
        #expect(transcript.closeCode == .messageTooLarge)
        // The server keeps running.
        let alice = try await server.connect("alice")
        #expect(alice.state == .established)
        await alice.terminate()
        await server.tearDown()
    }

    @Test func aBinaryFrameIsAProtocolViolation() async throws {
        let server = try await TestServer.start()
        let transcript = try await RawClient.run(server.url, steps: [
            .text(RawClient.establish()),
            .await(count: 1),
            .binary([1, 2, 3]),
            .await(count: 2),
        ])
        #expect(transcript.closeCode == .unacceptableData)
        #expect(transcript.closeReason?.contains("binary") == true)
        await server.tearDown()
    }

    @Test func aRefusedIdentityIsAnsweredThenClosed() async throws {
        let server = try await TestServer.start()
        let transcript = try await RawClient.run(server.url, steps: [
            .text(#"{"v":1,"type":"cmd","seq":1,"cmd":"establish","data":{"user":"sip:alice@contoso.com","password":"nope"}}"#),
            .await(count: 1),
            .text(#"{"v":1,"type":"cmd","seq":2,"cmd":"serverInfo","data":{}}"#),
        ])
        #expect(RawClient.failure(transcript, seq: 1)?.detail == .identityWrongPassword)
        #expect(transcript.frames.count == 1)
        #expect(transcript.closeCode == .policyViolation)
        await server.tearDown()
    }
}
