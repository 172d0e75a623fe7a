/// Text from users (a SIP address sent with a refused sign-in, a room name, a file name) made safe for one log line.
public enum LogText {
    /// The most characters (Unicode scalars) of the original text kept; longer text is cut and marked with `…`.
    public static let maximumLength = 512

    /// `text` with every line break and other control character written as an escape (`\n`, `\r`, `\t`, `\u{1B}`),
    /// bidirectional and other invisible format characters escaped too (joiners kept, for emoji), backslashes doubled,
    /// and cut to ``maximumLength``: it cannot break the line, forge another entry or hide what it says.
    public static func escaped(_ text: some StringProtocol) -> String {
        var result = ""
        var kept = 0
        for scalar in text.unicodeScalars {
            guard kept < maximumLength else {
                result += "…"
                break
            }
            kept += 1
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if needsEscape(scalar) {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        case .format: scalar != "\u{200C}" && scalar != "\u{200D}"
        default: false
        }
    }
}
