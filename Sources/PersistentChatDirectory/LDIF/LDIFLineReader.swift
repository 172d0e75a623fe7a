/// A logical LDIF line after unfolding, with the 1-based line where it starts.
struct LDIFLine {
    var text: String
    let number: Int
}

/// Splits LDIF text into blank-line-separated blocks of unfolded, comment-free lines.
enum LDIFLineReader {
    private enum Previous { case none, content, comment }

    /// Returns the non-empty blocks in order.
    static func blocks(of text: String) throws(LDIFError) -> [[LDIFLine]] {
        var blocks: [[LDIFLine]] = []
        var current: [LDIFLine] = []
        var previous = Previous.none
        // "\r\n" is a single Character in Swift, so match it as well as "\n".
        var physical = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if physical.last?.isEmpty == true { physical.removeLast() }
        for (offset, line) in physical.enumerated() {
            let number = offset + 1
            // Compare scalars: a leading space followed by a combining mark is one Character.
            let first = line.unicodeScalars.first
            if line.isEmpty {
                if !current.isEmpty { blocks.append(current) }
                current = []
                previous = .none
            } else if first == " " {
                switch previous {
                case .none:
                    throw LDIFError(line: number, message: "continuation line (starting with a space) has no line to continue")
                case .comment:
                    continue
                case .content:
                    current[current.count - 1].text += String(line.unicodeScalars.dropFirst())
                }
            } else if first == "#" {
                previous = .comment
            } else {
                current.append(LDIFLine(text: String(line), number: number))
                previous = .content
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }
}
