import Foundation
import PersistentChatDirectory

/// Turns a directory written as Active Directory exports it (the LDIF pchatd loads) into entries OpenLDAP accepts,
/// keeping every DN, class and attribute pchatd reads: the naming attribute (`cn`, `ou`, `dc`) is added where the
/// export leaves it out, `sn` where `person` requires it, the domain root gets `domainDNS`, textual `objectGUID`s
/// become AD's 16 bytes, and `userPassword` becomes `password` in clear (slapd checks it at bind, and nobody may read it).
/// Containers the export leaves out (`CN=Configuration`, `CN=Services`, …) are added, parents before children.
public enum SlapdData {
    /// The entries of `directory` as slapadd takes them, every `userPassword` set to `password`.
    public static func ldif(from directory: String, password: String) throws -> String {
        let records = try LDIFParser.parse(directory)
        let present = Set(records.map(\.dn))
        var missing: [DistinguishedName: String] = [:]
        for record in records {
            var rdns = Array(record.dn.rdns.dropFirst())
            while rdns.contains(where: { $0.type != "dc" }) {
                let parent = try DistinguishedName(rdns.map(\.description).joined(separator: ","))
                if !present.contains(parent), let first = rdns.first {
                    let kind = first.type == "ou" ? "organizationalUnit" : "container"
                    missing[parent] = "dn:: \(base64(parent.description))\nobjectClass: top\nobjectClass: \(kind)\n\(first.type):: \(base64(first.value))\n\n"
                }
                rdns.removeFirst()
            }
        }
        var entries = missing.map { (depth: $0.key.rdns.count, text: $0.value) }
        for record in records {
            var lines = ["dn:: " + base64(record.dn.description)]
            var classes = record.values("objectClass")
            let lowered = Set(classes.map { $0.lowercased() })
            if lowered.contains("domain"), !lowered.contains("domaindns") { classes.append("domainDNS") }
            lines += classes.map { "objectClass: \($0)" }
            var present = Set(record.attributes.map { $0.name.lowercased() })
            if let rdn = record.dn.rdns.first, !present.contains(rdn.type) {
                lines.append("\(rdn.type):: " + base64(rdn.value))
                present.insert(rdn.type)
            }
            if lowered.contains("user") || lowered.contains("contact") || lowered.contains("person"), !present.contains("sn") {
                lines.append("sn:: " + base64(record.dn.rdns.first?.value ?? "x"))
            }
            for attribute in record.attributes where attribute.name.lowercased() != "objectclass" {
                switch attribute.name.lowercased() {
                case "userpassword":
                    lines.append("userPassword:: " + base64(password))
                case "objectguid":
                    let bytes = attribute.value.bytes.count == 16 && attribute.value.wasBase64
                        ? attribute.value.bytes : activeDirectoryBytes(attribute.value.text ?? "")
                    lines.append("objectGUID:: " + Data(bytes).base64EncodedString())
                default:
                    lines.append("\(attribute.name):: " + Data(attribute.value.bytes).base64EncodedString())
                }
            }
            entries.append((record.dn.rdns.count, lines.joined(separator: "\n") + "\n\n"))
        }
        return entries.enumerated().sorted { ($0.element.depth, $0.offset) < ($1.element.depth, $1.offset) }.map(\.element.text).joined()
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// A textual GUID as AD stores it: the first three fields little-endian.
    private static func activeDirectoryBytes(_ text: String) -> [UInt8] {
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "{} "))
        guard let uuid = UUID(uuidString: trimmed) else { return Array(repeating: 0, count: 16) }
        let b = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        return [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]] + b[8...]
    }
}
