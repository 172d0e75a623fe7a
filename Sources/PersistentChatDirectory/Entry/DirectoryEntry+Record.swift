import Foundation

extension DirectoryEntry {
    /// Builds an entry from an LDIF record; errors name the offending line.
    public init(record: LDIFRecord) throws(DirectoryLoadError) {
        try self.init(record: record, line: record.line)
    }

    /// Builds an entry from a record whose ``line`` is `line` (nil for one that came from no file, such as an LDAP
    /// search result).
    public init(record: LDIFRecord, line: Int?) throws(DirectoryLoadError) {
        let reader = RecordReader(record: record)
        try self.init(
            dn: record.dn,
            objectClasses: record.values("objectClass"),
            objectGUID: try reader.objectGUID(),
            displayName: record.first("displayName"),
            givenName: record.first("givenName"),
            surname: record.first("sn"),
            mail: record.first("mail"),
            sipAddress: try reader.sipAddress(),
            isSIPEnabled: try reader.sipEnabled(),
            isAccountDisabled: try reader.accountDisabled(),
            passwordHash: record.first("userPassword"),
            member: try reader.distinguishedNames("member"),
            memberOf: try reader.distinguishedNames("memberOf"),
            line: line
        )
    }
}

/// Reads and validates individual attributes of a record.
private struct RecordReader {
    let record: LDIFRecord

    /// The only value of a single-valued attribute, or `nil` if absent.
    func single(_ name: String) throws(DirectoryLoadError) -> (text: String, line: Int, value: LDIFValue)? {
        let attributes = record.attributes(named: name)
        guard let first = attributes.first else { return nil }
        if attributes.count > 1 {
            throw DirectoryLoadError(line: attributes[1].line, message: "'\(name)' of '\(record.dn)' must have a single value")
        }
        guard let text = first.value.text else {
            throw DirectoryLoadError(line: first.line, message: "value of '\(name)' is not valid UTF-8")
        }
        return (text, first.line, first.value)
    }

    func sipAddress() throws(DirectoryLoadError) -> String? {
        guard let value = try single("msRTCSIP-PrimaryUserAddress") else { return nil }
        guard let normalized = SIPAddress.normalize(value.text) else {
            throw DirectoryLoadError(line: value.line, message: "msRTCSIP-PrimaryUserAddress '\(value.text)' is not a sip:user@host URI")
        }
        return normalized
    }

    func sipEnabled() throws(DirectoryLoadError) -> Bool {
        guard let value = try single("msRTCSIP-UserEnabled") else { return false }
        switch value.text.trimmingCharacters(in: .whitespaces).uppercased() {
        case "TRUE": return true
        case "FALSE": return false
        default:
            throw DirectoryLoadError(line: value.line, message: "msRTCSIP-UserEnabled must be TRUE or FALSE, not '\(value.text)'")
        }
    }

    /// Whether `userAccountControl` (a 32-bit integer, written signed or unsigned) has the ACCOUNTDISABLE bit 0x2.
    func accountDisabled() throws(DirectoryLoadError) -> Bool {
        guard let value = try single("userAccountControl") else { return false }
        let text = value.text.trimmingCharacters(in: .whitespaces)
        guard let flags = Int64(text), flags >= Int64(Int32.min), flags <= Int64(UInt32.max) else {
            throw DirectoryLoadError(line: value.line, message: "userAccountControl must be a 32-bit integer, not '\(value.text)'")
        }
        return flags & 0x2 != 0
    }

    func objectGUID() throws(DirectoryLoadError) -> UUID? {
        let attributes = record.attributes(named: "objectGUID")
        guard let first = attributes.first else { return nil }
        if attributes.count > 1 {
            throw DirectoryLoadError(line: attributes[1].line, message: "'objectGUID' of '\(record.dn)' must have a single value")
        }
        guard let uuid = ObjectGUID.decode(first.value) else {
            throw DirectoryLoadError(line: first.line, message: "objectGUID must be 16 base64-encoded bytes or a textual UUID")
        }
        return uuid
    }

    func distinguishedNames(_ name: String) throws(DirectoryLoadError) -> [DistinguishedName] {
        var names: [DistinguishedName] = []
        for attribute in record.attributes(named: name) {
            let text = attribute.value.text ?? ""
            do throws(DistinguishedNameError) {
                names.append(try DistinguishedName(text))
            } catch {
                throw DirectoryLoadError(line: attribute.line, message: "invalid DN in '\(name)': \(error)")
            }
        }
        return names
    }
}
