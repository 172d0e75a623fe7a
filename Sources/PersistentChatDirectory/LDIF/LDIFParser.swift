/// Parses RFC 2849 LDIF content records (change records are refused).
public enum LDIFParser {
    /// Parses `text` into records; `source` (usually a path) is used in error descriptions.
    public static func parse(_ text: String, source: String? = nil) throws(LDIFError) -> [LDIFRecord] {
        do throws(LDIFError) {
            return try parseRecords(text)
        } catch {
            throw LDIFError(line: error.line, message: error.message, source: source)
        }
    }

    private static func parseRecords(_ text: String) throws(LDIFError) -> [LDIFRecord] {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var blocks = try LDIFLineReader.blocks(of: body)
        if var first = blocks.first, let line = first.first, try isVersionLine(line) {
            first.removeFirst()
            if first.isEmpty { blocks.removeFirst() } else { blocks[0] = first }
        }
        var records: [LDIFRecord] = []
        for block in blocks {
            records.append(try parseRecord(block))
        }
        return records
    }

    private static func isVersionLine(_ line: LDIFLine) throws(LDIFError) -> Bool {
        let attribute = try LDIFLineParser.parse(line)
        guard attribute.hasName("version") else { return false }
        guard attribute.value.text?.trimmingSpaces() == "1" else {
            throw LDIFError(line: line.number, message: "unsupported LDIF version '\(attribute.value.text ?? "")'; only version 1 is supported")
        }
        return true
    }

    private static func parseRecord(_ lines: [LDIFLine]) throws(LDIFError) -> LDIFRecord {
        guard let first = lines.first else {
            throw LDIFError(line: 1, message: "empty record")
        }
        let dnAttribute = try LDIFLineParser.parse(first)
        guard dnAttribute.hasName("dn"), dnAttribute.options.isEmpty else {
            throw LDIFError(line: first.number, message: "record must start with 'dn:' but starts with '\(dnAttribute.name):'")
        }
        guard let dnText = dnAttribute.value.text else {
            throw LDIFError(line: first.number, message: "dn is not valid UTF-8")
        }
        let dn: DistinguishedName
        do throws(DistinguishedNameError) {
            dn = try DistinguishedName(dnText)
        } catch {
            throw LDIFError(line: first.number, message: "invalid dn '\(dnText)': \(error)")
        }
        var attributes: [LDIFAttribute] = []
        for line in lines.dropFirst() {
            let attribute = try LDIFLineParser.parse(line)
            if attribute.hasName("changetype") {
                throw LDIFError(line: line.number, message: "change records ('changetype:') are not supported; only content records are")
            }
            if attribute.hasName("dn") {
                throw LDIFError(line: line.number, message: "second 'dn:' inside a record; separate records with a blank line")
            }
            attributes.append(attribute)
        }
        return LDIFRecord(dn: dn, line: first.number, attributes: attributes)
    }
}
