import PersistentChat

/// How a message addresses a room's bots: by the room's prefix (`!deploy api`) or, when mentions are on, by the
/// endpoint's name (`@echobot deploy api`, `echobot: deploy api`, `echobot, deploy api`).
package struct CommandAddressing: Sendable, Equatable {
    /// What starts a command; `!` unless the room file says otherwise.
    package var prefix: String
    /// Names that address the bots, lowercased; empty when mentions are off.
    package var mentionNames: [String]

    package init(prefix: String = "!", mentionNames: [String] = []) {
        self.prefix = prefix
        self.mentionNames = mentionNames.map { $0.lowercased() }
    }

    /// A command word and the text after it.
    struct Invocation: Equatable {
        /// Lowercased.
        var word: String
        var arguments: Substring
        /// The whole text after the bot's name when the message addresses it by name; nil for the prefix.
        var mention: Substring? = nil

        /// Whether this names one of the room's commands (`words`, with `help` when the room has help): `help`
        /// counts only alone or before a command's name (`@echobot help deploy`, not `@echobot help me with …`).
        func isRoomCommand(_ words: Set<String>) -> Bool {
            guard words.contains(word) else { return false }
            guard word == "help" else { return true }
            guard let topic = arguments.split(whereSeparator: \.isWhitespace).first else { return true }
            return words.contains(topic.lowercased())
        }
    }

    /// The command `text` gives, or nil when it addresses no bot. A bare mention asks for help.
    func invocation(in text: String) -> Invocation? {
        var rest = text[...].drop(while: \.isWhitespace)
        var mention: Substring?
        if let after = afterMention(rest) {
            rest = after.drop(while: \.isWhitespace)
            mention = rest
            if rest.isEmpty { return Invocation(word: "help", arguments: "") }
        }
        if rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
        } else if mention == nil {
            return nil
        }
        let word = rest.prefix { !$0.isWhitespace }
        guard CommandName.isValid(String(word)) else {
            // "@echobot 2+2?" names no command, but a bot that answers mentions may take it.
            return mention.map { Invocation(word: "", arguments: "", mention: $0) }
        }
        return Invocation(word: word.lowercased(), arguments: rest.dropFirst(word.count), mention: mention)
    }

    /// The usage form of a command word: `!deploy`.
    func shown(_ word: String) -> String { prefix + word }

    private func afterMention(_ text: Substring) -> Substring? {
        for name in mentionNames {
            for (lead, trail) in [("@", ""), ("", ":"), ("", ","), ("@", ":"), ("@", ",")] {
                let form = lead + name + trail
                guard text.count >= form.count,
                      text.prefix(form.count).lowercased() == form else { continue }
                let after = text.dropFirst(form.count)
                if after.isEmpty || after.first?.isWhitespace == true { return after }
            }
        }
        return nil
    }
}
