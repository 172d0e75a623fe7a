import Foundation
import NIOWebSocket
import PersistentChat
import PersistentChatServer
import Testing

/// Malformed, oversized and out-of-order input gets a clear error or a close with a reason; nothing partial is stored.
@Suite struct BadInputTests {
    @Test func malformedFramesGetErrorRepliesAndTheConnectionLivesOn() async throws {
        try await withTestServer { server in
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
        }
    }

    @Test func anOversizedFrameClosesTheConnectionWithAReason() async throws {
        var limits = ServerLimits()
        limits.frameSize = 16 * 1024
        try await withTestServer(limits: limits) { server in
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
        }
    }

    @Test func aBinaryFrameIsAProtocolViolation() async throws {
        try await withTestServer { server in
            let transcript = try await RawClient.run(server.url, steps: [
                .text(RawClient.establish()),
                .await(count: 1),
                .binary([1, 2, 3]),
                .await(count: 2),
            ])
            #expect(transcript.closeCode == .unacceptableData)
            #expect(transcript.closeReason?.contains("binary") == true)
        }
    }

    @Test func aRefusedIdentityIsAnsweredThenClosed() async throws {
        try await withTestServer { server in
            let transcript = try await RawClient.run(server.url, steps: [
                .text(#"{"v":1,"type":"cmd","seq":1,"cmd":"establish","data":{"user":"sip:alice@contoso.com","password":"nope"}}"#),
                .await(count: 1),
                .text(#"{"v":1,"type":"cmd","seq":2,"cmd":"serverInfo","data":{}}"#),
            ])
            #expect(RawClient.failure(transcript, seq: 1)?.detail == .identityWrongPassword)
            #expect(transcript.frames.count == 1)
            #expect(transcript.closeCode == .policyViolation)
        }
    }

    #if os(Linux)
    @Test func aClientThatStopsReadingIsDisconnectedAndTheRoomCarriesOn() async throws {
        var limits = ServerLimits()
        limits.connections.outboundBytes = 64 * 1024
        try await withTestServer(limits: limits) { server in
            let port = try #require(server.url.split(separator: ":").last.flatMap { Int($0) })
            let stalled = try StalledSocket(port: port, path: ProtocolLimits.webSocketPath)
            try stalled.sendText(RawClient.establish("bob"))
            try stalled.sendText(#"{"v":1,"type":"cmd","seq":2,"cmd":"join","data":{"room":{"name":"team"},"history":0}}"#)
            try await onOwnThread { Result { try stalled.readUntil(#""seq":2"#) } }.get()

            // 1,000 posts of 7.8 KB: about twice what the server's socket buffer can take, while bob reads nothing.
            let (alice, session) = try await server.join("alice", "team")
            let text = String(repeating: "flood ", count: 1300)
            for number in 0..<1000 { try await session.sendChatMessage("\(number) \(text)") }
            let drained = try await onOwnThread { Result { try stalled.drainUntilClosed() } }.get()
            #expect(drained < 1000 * 7800, "bob was disconnected before the flood reached him")

            // The room carries on: alice's next post is stored and acknowledged.
            try await session.sendChatMessage("after the flood")
            let last = try await alice.persistentChatServices.getRecentChatHistory(room: .name("team"), count: 1)
            #expect(last.map(\.messageContent) == ["after the flood"])
        }
    }

    @Test func pingsAreAnsweredWithTheirPayload() async throws {
        try await withTestServer { server in
            let port = try #require(server.url.split(separator: ":").last.flatMap { Int($0) })
            let client = try StalledSocket(port: port, path: ProtocolLimits.webSocketPath)
            let payload = Array("are you there".utf8)
            try client.sendFrame(opcode: 0x9, payload: payload)
            // An unmasked pong (0x8A) with the same payload.
            try await onOwnThread { Result { try client.readUntil(bytes: [0x8A, UInt8(payload.count)] + payload) } }.get()
        }
    }

    /// Each broken frame gets a close frame with its code (two bytes, big-endian) and reason, then the socket closes.
    /// Nothing else tests these: the SDK and the test clients never send such frames.
    @Test(arguments: [
        (UInt8(0x1), [UInt8(0xC3), 0x28], true, UInt16(1007), "text frames must be valid UTF-8"),
        (UInt8(0x9), [UInt8(0x01)], false, UInt16(1002), "not a valid WebSocket frame"),
    ])
    func brokenFramesAreClosedWithTheirCode(opcode: UInt8, payload: [UInt8], final: Bool, code: UInt16, reason: String) async throws {
        try await withTestServer { server in
            let port = try #require(server.url.split(separator: ":").last.flatMap { Int($0) })
            let client = try StalledSocket(port: port, path: ProtocolLimits.webSocketPath)
            try client.sendText(RawClient.establish("bob"))
            try client.sendFrame(opcode: opcode, payload: payload, final: final)
            let expected = [UInt8(code >> 8), UInt8(code & 0xff)] + Array(reason.utf8)
            try await onOwnThread { Result { try client.readUntil(bytes: expected) } }.get()
            // The client answers the close as it should; the server then closes the socket (not after its 10 s cut-off).
            try client.sendFrame(opcode: 0x8, payload: [0x03, 0xE8])
            _ = try await onOwnThread { Result { try client.drainUntilClosed() } }.get()
        }
    }

    /// Bytes that are not HTTP (a TLS hello sent to the plain port, or nonsense) get 400 and the socket is closed
    /// at once, rather than left open with the peer waiting.
    @Test(arguments: [[UInt8(0x16), 0x03, 0x01, 0x00, 0xC8, 0x01, 0x00, 0x00], Array("NOT HTTP\r\n\r\n".utf8)])
    func bytesThatAreNotHTTPGetBadRequestAndAClose(bytes: [UInt8]) async throws {
        try await withTestServer { server in
            let port = try #require(server.url.split(separator: ":").last.flatMap { Int($0) })
            let client = try StalledSocket(port: port, sending: bytes)
            let answer = try await onOwnThread { Result { try client.read(until: Array("\r\n\r\n".utf8)) } }.get()
            #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 400 Bad Request"))
            _ = try await onOwnThread { Result { try client.drainUntilClosed() } }.get()
        }
    }
    #endif
}
