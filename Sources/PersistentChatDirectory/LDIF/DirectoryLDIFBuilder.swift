import Foundation

/// Writes a directory as Active Directory exports it to LDIF: a domain root, organizational units, groups, SIP-enabled
/// users and contacts, each with the `objectClass` values AD gives it; users and contacts carry a salted
/// `userPassword`, all the same, so test and benchmark servers can sign them in.
///
/// ```swift
/// var directory = DirectoryLDIFBuilder(password: "s3cret")
/// directory.addDomain("DC=contoso,DC=com")
/// directory.addOrganizationalUnit("OU=Staff,DC=contoso,DC=com")
/// directory.addUser("CN=Alice,OU=Staff,DC=contoso,DC=com", sipAddress: "sip:alice@contoso.com", displayName: "Alice")
/// try directory.ldif.write(to: file, atomically: true, encoding: .utf8)
/// ```
///
/// Entries are written in the order they are added (the order a loaded directory lists them in). Values LDIF cannot
/// carry as they are (leading space, `:` or `<`, trailing space, line breaks, non-ASCII) are written base64-encoded.
public struct DirectoryLDIFBuilder: Sendable {
    /// The `userPassword` value every user and contact gets.
    public let passwordHash: String
    private var records: [String] = []

    /// A builder whose users and contacts sign in with `password`, hashed once with `scheme` (PBKDF2-SHA256 with
    /// ``PasswordHash/defaultPBKDF2Iterations`` by default; `.ssha256` is much faster to check, for test fixtures that
    /// sign in often, and is logged as weak when the directory loads).
    public init(password: String, scheme: PasswordScheme = .pbkdf2SHA256) {
        self.init(passwordHash: PasswordHash.make(password: password, scheme: scheme))
    }

    /// A builder whose users and contacts carry `passwordHash` (a `{SCHEME}…` value) as it is.
    public init(passwordHash: String) {
        self.passwordHash = passwordHash
    }

    /// The directory so far, as an LDIF file (`version: 1`, then one record per entry).
    public var ldif: String {
        (["version: 1\n"] + records).joined(separator: "\n")
    }

    /// Adds a domain root, e.g. `DC=contoso,DC=com`.
    public mutating func addDomain(_ distinguishedName: String) {
        add(distinguishedName, classes: ["top", "domain"], [])
    }

    /// Adds an organizational unit, e.g. `OU=Staff,DC=contoso,DC=com`.
    public mutating func addOrganizationalUnit(_ distinguishedName: String) {
        add(distinguishedName, classes: ["top", "organizationalUnit"], [])
    }

    /// Adds a group whose `member` values are `members` (distinguished names), in that order.
    public mutating func addGroup(_ distinguishedName: String, members: [String]) {
        add(distinguishedName, classes: ["top", "group"], members.map { ("member", $0) })
    }

    /// Adds a user with SIP address `sipAddress` (`sip:user@domain`); `enabled` is `msRTCSIP-UserEnabled`. Optional
    /// attributes left nil are not written.
    public mutating func addUser(_ distinguishedName: String, sipAddress: String, displayName: String? = nil,
                                 givenName: String? = nil, surname: String? = nil, mail: String? = nil, enabled: Bool = true) {
        let optional: [(String, String?)] = [("displayName", displayName), ("givenName", givenName), ("sn", surname), ("mail", mail)]
        add(distinguishedName, classes: ["top", "person", "organizationalPerson", "user"],
            optional.compactMap { name, value in value.map { (name, $0) } } + signIn(sipAddress, enabled: enabled))
    }

    /// Adds a contact (as trusted application endpoints are stored) with SIP address `sipAddress`.
    public mutating func addContact(_ distinguishedName: String, sipAddress: String, enabled: Bool = true) {
        add(distinguishedName, classes: ["top", "contact"], signIn(sipAddress, enabled: enabled))
    }

    private func signIn(_ sipAddress: String, enabled: Bool) -> [(String, String)] {
        [("msRTCSIP-PrimaryUserAddress", sipAddress), ("msRTCSIP-UserEnabled", enabled ? "TRUE" : "FALSE"),
         ("userPassword", passwordHash)]
    }

    private mutating func add(_ distinguishedName: String, classes: [String], _ attributes: [(String, String)]) {
        let lines = [("dn", distinguishedName)] + classes.map { ("objectClass", $0) } + attributes
        records.append(lines.map { Self.line($0.0, $0.1) + "\n" }.joined())
    }

    /// `name: value`, or `name:: base64` when the value is not an LDIF safe string (RFC 2849).
    static func line(_ name: String, _ value: String) -> String {
        isSafe(value) ? "\(name): \(value)" : "\(name):: \(Data(value.utf8).base64EncodedString())"
    }

    private static func isSafe(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first else { return true }
        if first == " " || first == ":" || first == "<" || value.hasSuffix(" ") { return false }
        return value.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\n" && $0 != "\r" && $0 != "\0" }
    }
}
