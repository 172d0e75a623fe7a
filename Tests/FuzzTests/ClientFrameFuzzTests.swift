import Foundation
@testable import PersistentChatProtocol
import Testing

/// The server's frame reading, attacked with damaged frames of every command: the hand-written post reader and the
/// codec must agree with `JSONDecoder` on every input (the same frame, or a refusal with a message), never crash,
/// never hang.
@Suite struct ClientFrameFuzzTests {
    @Test func seedsCoverEveryCommand() async throws {
        let named = Set(try ClientFrameSeeds.frames().map(\.name))
        #expect(named == Set(CommandCatalog.names), "add a seed frame for each new command")
    }

    @Test func seedsDecodeToThemselves() async throws {
        for seed in try ClientFrameSeeds.encoded() {
            #expect(Self.check(seed) == nil)
            #expect(try FrameCodec().decodeClientFrame(String(decoding: seed, as: UTF8.self)).get().name.isEmpty == false)
        }
    }

    @Test func damagedFramesAgreeWithJSONDecoder() async throws {
        let seeds = try ClientFrameSeeds.encoded()
        let mutator = FuzzMutator(vocabulary: ClientFrameSeeds.vocabulary)
        await FuzzRun.run("client frames", inputs: 6_000, make: { random in
            mutator.mutate(random.pick(seeds), using: &random)
        }, check: Self.check)
    }

    /// Nil when the reader, the codec and `JSONDecoder` agree on `bytes`; otherwise what differed.
    static func check(_ bytes: [UInt8]) -> String? {
        // The server closes a connection whose text frame is not UTF-8 before decoding it (`JSONDecoder` would repair
        // some such bytes); what reaches the codec is always a valid string, here with the bad bytes replaced.
        let text = String(validating: bytes, as: UTF8.self) ?? String(decoding: bytes, as: UTF8.self)
        let reference = Result { try JSONDecoder().decode(ClientFrame.self, from: Data(text.utf8)) }
        if let hot = HotFrameReader.post(in: text) {
            guard case .success(let expected) = reference else {
                return "the post reader read \(hot) where JSONDecoder refuses the frame"
            }
            guard hot == expected else { return "the post reader read \(hot), JSONDecoder \(expected)" }
        }
        switch (FrameCodec().decodeClientFrame(text), reference) {
        case (.success(let decoded), .success(let expected)):
            return decoded == expected ? nil : "the codec decoded \(decoded), JSONDecoder \(expected)"
        case (.failure(let failure), .failure):
            return failure.error.payload.message.isEmpty ? "a refusal without a message" : nil
        case (.success(let decoded), .failure(let error)):
            return "the codec accepted \(decoded) that JSONDecoder refuses (\(error))"
        case (.failure(let failure), .success(let expected)):
            return "the codec refused \(expected): \(failure.error.payload.message)"
        }
    }
}
