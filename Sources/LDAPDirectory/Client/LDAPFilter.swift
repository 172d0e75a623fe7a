/// Search filters in the string form of RFC 4515.
public enum LDAPFilter {
    /// `value` made safe to put after `attribute=` in a filter: `*`, `(`, `)`, `\` and NUL become `\2a`, `\28`, `\29`,
    /// `\5c` and `\00` (RFC 4515 §3), so a value such as `x*)(objectClass=*` matches only itself.
    public static func escape(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "*": escaped += "\\2a"
            case "(": escaped += "\\28"
            case ")": escaped += "\\29"
            case "\\": escaped += "\\5c"
            case "\0": escaped += "\\00"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `(attribute=value)` with the value escaped.
    public static func equal(_ attribute: String, _ value: String) -> String {
        "(\(attribute)=\(escape(value)))"
    }

    /// `(attribute=*value*)` with the value escaped.
    public static func contains(_ attribute: String, _ value: String) -> String {
        "(\(attribute)=*\(escape(value))*)"
    }

    /// `(&…)` of the filters given, or the one filter when there is one.
    public static func and(_ filters: [String]) -> String {
        filters.count == 1 ? filters[0] : "(&" + filters.joined() + ")"
    }

    /// `(|…)` of the filters given, or the one filter when there is one.
    public static func or(_ filters: [String]) -> String {
        filters.count == 1 ? filters[0] : "(|" + filters.joined() + ")"
    }

    /// Why `filter` (from a configuration) is not a filter: it must be wrapped in parentheses that balance, outside
    /// escapes. nil when it looks well formed; the server checks the rest at the first search.
    public static func problem(in filter: String) -> String? {
        let trimmed = filter.trimmingSpacesAndTabs()
        guard trimmed.hasPrefix("("), trimmed.hasSuffix(")") else { return "a filter is written in parentheses, e.g. (department=Sales)" }
        let characters = Array(trimmed)
        var depth = 0
        for (offset, character) in characters.enumerated() {
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth < 0 { return "a ')' at character \(offset + 1) closes nothing" }
                if depth == 0, offset != characters.count - 1 {
                    if characters[offset + 1] == ")" { return "a ')' at character \(offset + 2) closes nothing" }
                    return "the filter ends at character \(offset + 1); join several with (&…)"
                }
            }
        }
        return depth == 0 ? nil : "\(depth) '(' left open"
    }
}
