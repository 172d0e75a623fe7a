import PersistentChat

/// Splits a command's argument text into words, much as a shell would: spaces separate words; a quote at the start of
/// a word ("…", '…', or the curly quotes chat clients put in) groups words up to its closing quote; a backslash keeps
/// the quote, backslash or space after it. A quote inside a word (`don't`) and other backslashes (`C:\temp`) are
/// plain characters.
enum CommandLineTokens {
    struct Token: Equatable {
        var text: String
        /// Where the word starts in the argument text (a rest-of-line parameter takes the text from there).
        var start: String.Index
    }

    private static let closing: [Character: Character] = ["\"": "\"", "'": "'", "\u{201C}": "\u{201D}", "\u{2018}": "\u{2019}"]

    static func split(_ text: Substring) throws(CommandUsageError) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while true {
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            guard index < text.endIndex else { return tokens }
            let start = index
            var word = ""
            while index < text.endIndex, !text[index].isWhitespace {
                let character = text[index]
                let atWordStart = index == start
                index = text.index(after: index)
                if atWordStart, let close = closing[character] {
                    var closed = false
                    while index < text.endIndex {
                        let inner = text[index]
                        index = text.index(after: index)
                        if inner == close {
                            closed = true
                            break
                        }
                        if inner == "\\", character == "\"", index < text.endIndex {
                            word.append(text[index])
                            index = text.index(after: index)
                        } else {
                            word.append(inner)
                        }
                    }
                    guard closed else { throw CommandUsageError("a quote (\(character)) is never closed") }
                } else if character == "\\", index < text.endIndex, text[index].isWhitespace || "\"'\\".contains(text[index]) {
                    word.append(text[index])
                    index = text.index(after: index)
                } else {
                    word.append(character)
                }
            }
            tokens.append(Token(text: word, start: start))
        }
    }
}
