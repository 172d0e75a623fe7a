import PersistentChatDirectory

/// The directory every end-to-end test uses: users, a group, an OU, a contact, a Configuration-partition user, a disabled user.
enum TestDirectory {
    static let password = "s3cret-test"

    /// The directory as LDIF.
    static var ldif: String { builder.ldif }

    /// The directory so far, for a test that adds entries of its own.
    static var builder: DirectoryLDIFBuilder {
        var directory = DirectoryLDIFBuilder(password: password, scheme: .ssha256)  // cheap on purpose: checked at every sign-in
        directory.addDomain("DC=contoso,DC=com")
        directory.addOrganizationalUnit("OU=Staff,DC=contoso,DC=com")
        directory.addOrganizationalUnit("OU=Bots,DC=contoso,DC=com")
        directory.addGroup("CN=Support,OU=Staff,DC=contoso,DC=com",
                           members: ["CN=Alice,OU=Staff,DC=contoso,DC=com", "CN=Echo,OU=Bots,DC=contoso,DC=com"])
        for (name, sip) in [("Alice", "alice"), ("Bob", "bob"), ("Carol", "carol")] { directory.addStaff(name, sip) }
        directory.addStaff("Dave", "dave", enabled: false)
        directory.addUser("CN=Echo,OU=Bots,DC=contoso,DC=com", sipAddress: "sip:echobot@contoso.com", displayName: "Echo Bot",
                          givenName: "Echo", surname: "Bot", mail: "echobot@contoso.com")
        directory.addContact(
            "CN={5b7c1f0e-2d3a-4c55-8e6f-0a1b2c3d4e5f},CN=Application Contacts,CN=RTC Service,CN=Services,CN=Configuration,DC=contoso,DC=com",
            sipAddress: "sip:trustedapp@contoso.com")
        directory.addUser("CN=Config User,CN=Services,CN=Configuration,DC=contoso,DC=com", sipAddress: "sip:configuser@contoso.com")
        return directory
    }
}

extension DirectoryLDIFBuilder {
    /// Adds `name` Tester in OU=Staff, signing in as `sip:<sip>@contoso.com`.
    mutating func addStaff(_ name: String, _ sip: String, enabled: Bool = true) {
        addUser("CN=\(name),OU=Staff,DC=contoso,DC=com", sipAddress: "sip:\(sip)@contoso.com", displayName: "\(name) Tester",
                givenName: name, surname: "Tester", mail: "\(sip)@contoso.com", enabled: enabled)
    }
}
