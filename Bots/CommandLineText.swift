/// Splits `!command argument text` messages.
enum CommandLineText {
    /// The text after `command` (trimmed), or nil when the message is not that command.
    static func argument(of text: String, command: String) -> String? {
        let trimmed = text.drop(while: \.isWhitespace)
        guard trimmed.hasPrefix(command) else { return nil }
        let rest = trimmed.dropFirst(command.count)
        guard rest.isEmpty || rest.first?.isWhitespace == true else { return nil }
        return String(rest.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
