/// One field of a cron expression: `*`, a number or name, a range, a step, or a list of those.
enum CronField {
    /// The values `text` stands for within `range`; `names` (lowercase, the first standing for `nameBase`) may
    /// replace numbers.
    static func parse(_ text: String, range: ClosedRange<Int>, names: [String], nameBase: Int) throws(CronFieldError) -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw CronFieldError(reason: "'\(text)' has an empty item in its list") }
            values.formUnion(try item(String(part), range: range, names: names, nameBase: nameBase))
        }
        return values
    }

    private static func item(_ text: String, range: ClosedRange<Int>, names: [String], nameBase: Int) throws(CronFieldError) -> Set<Int> {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count <= 2 else { throw CronFieldError(reason: "'\(text)' has more than one '/'") }
        var step = 1
        if pieces.count == 2 {
            guard let parsed = Int(pieces[1]), parsed > 0 else {
                throw CronFieldError(reason: "the step in '\(text)' must be a whole number above 0")
            }
            step = parsed
        }
        let span = String(pieces[0])
        let bounds: ClosedRange<Int>
        if span == "*" {
            bounds = range
        } else if let dash = span.firstIndex(of: "-") {
            let low = try value(String(span[..<dash]), in: text, range: range, names: names, nameBase: nameBase)
            let high = try value(String(span[span.index(after: dash)...]), in: text, range: range, names: names, nameBase: nameBase)
            guard low <= high else { throw CronFieldError(reason: "the range '\(span)' runs backwards") }
            bounds = low...high
        } else {
            let start = try value(span, in: text, range: range, names: names, nameBase: nameBase)
            // `5/10` is every 10th from 5 on; a lone number is itself.
            bounds = pieces.count == 2 ? start...range.upperBound : start...start
        }
        return Set(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
    }

    private static func value(_ text: String, in item: String, range: ClosedRange<Int>, names: [String],
                              nameBase: Int) throws(CronFieldError) -> Int {
        if let number = Int(text) {
            guard range.contains(number) else {
                throw CronFieldError(reason: "\(number) is outside \(range.lowerBound)–\(range.upperBound)")
            }
            return number
        }
        if let index = names.firstIndex(of: text.lowercased()) { return index + nameBase }
        let known = names.isEmpty ? "" : " or a name (\(names.map { $0.uppercased() }.joined(separator: ", ")))"
        throw CronFieldError(reason: "'\(text)' in '\(item)' is not a number\(known)")
    }
}

struct CronFieldError: Error {
    let reason: String
}
