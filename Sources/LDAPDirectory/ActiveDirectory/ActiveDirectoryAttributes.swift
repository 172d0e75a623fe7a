import PersistentChatDirectory

/// The Active Directory attributes pchatd reads, and how an entry becomes a ``DirectoryEntry``. Password attributes
/// are never asked for.
enum ActiveDirectoryAttributes {
    static let sipAddress = "msRTCSIP-PrimaryUserAddress"
    /// Every attribute a search asks for.
    static let read = [
        "objectClass", "objectGUID", "displayName", "givenName", "sn", "mail", sipAddress, "msRTCSIP-UserEnabled",
        "userAccountControl", "member",
    ]

    /// `entry` as a directory entry; throws naming the DN when an attribute is malformed.
    static func directoryEntry(_ entry: LDAPEntry) throws(DirectoryLoadError) -> DirectoryEntry {
        let dn: DistinguishedName
        do throws(DistinguishedNameError) {
            dn = try DistinguishedName(entry.dn)
        } catch {
            throw DirectoryLoadError(source: "LDAP", message: "the server sent a DN that does not parse, '\(entry.dn)': \(error)")
        }
        var attributes: [LDIFAttribute] = []
        for (name, values) in entry.attributes where !name.hasPrefix("member;range=") {
            let binary = name == "objectguid"
            for value in values {
                attributes.append(LDIFAttribute(name: name, value: LDIFValue(bytes: value, wasBase64: binary), line: 0))
            }
        }
        do throws(DirectoryLoadError) {
            return try DirectoryEntry(record: LDIFRecord(dn: dn, line: 0, attributes: attributes), line: nil)
        } catch {
            throw DirectoryLoadError(source: "LDAP entry '\(entry.dn)'", message: error.message)
        }
    }
}
