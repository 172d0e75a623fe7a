/// `{name}`-style placeholders in the shipped bots' templates.
enum Placeholders {
    /// `text` with each placeholder of `values` (keys with their braces) replaced in one pass: a value is never read
    /// for placeholders again, so an argument that reads `{api_key}` stays that text. Unknown placeholders stay.
    static func fill(_ text: String, with values: [String: String]) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            if let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[open...close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[rest.index(after: open)...]
            }
        }
        return result + rest
    }
}
