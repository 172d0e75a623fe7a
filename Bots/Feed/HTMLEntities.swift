/// The character references left in text taken out of HTML markup (an Atom title of type `html`): the five named
/// ones XML has, `&nbsp;`, and numeric ones.
enum HTMLEntities {
    static let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}"]

    static func decode(_ text: String) -> String {
        text.replacing(/&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,6});/) { match -> String in
            let name = String(match.output.1)
            if let value = named[name] { return value }
            let number = name.hasPrefix("#x") || name.hasPrefix("#X") ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst(), radix: 10)
            guard name.hasPrefix("#"), let number, let scalar = Unicode.Scalar(number) else { return String(match.output.0) }
            return String(Character(scalar))
        }
    }
}
