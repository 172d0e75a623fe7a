@testable import BotKit
import Testing

/// The shell-like splitting of bot command arguments, attacked with random text: words or a usage error with a
/// reason, never a crash or a hang; what it splits, joined again, holds no character the input did not have.
@Suite struct CommandTokenizerFuzzTests {
    static let pieces = ["\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\\", " ", "\t", "\n", "word", "don't",
                         "C:\\temp", "--flag", "-", "=", "e\u{301}", "\u{1F680}", "\u{0000}", "\u{200B}", "\u{3000}", "\r\n"]

    @Test func randomArgumentsSplitOrAreRefusedClearly() async {
        await FuzzRun.run("command tokenizer", inputs: 5_000, make: { random in
            var text = ""
            for _ in 0..<Int.random(in: 0...24, using: &random) { text += random.pick(Self.pieces) }
            return Array(text.utf8)
        }, check: { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            do throws(CommandUsageError) {
                let tokens = try CommandLineTokens.split(Substring(text))
                for token in tokens where token.start < text.startIndex || token.start > text.endIndex {
                    return "a word starts outside the text"
                }
                let scalars = Set(text.unicodeScalars)
                if let stray = tokens.flatMap({ Array($0.text.unicodeScalars) }).first(where: { !scalars.contains($0) }) {
                    return "a word holds \(stray), which the text does not"
                }
            } catch {
                if error.reason.isEmpty { return "a usage error without a reason" }
            }
            return nil
        })
    }
}
