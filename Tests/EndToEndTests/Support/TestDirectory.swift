import PersistentChatDirectory

/// The directory every end-to-end test uses: users, a group, an OU, a contact, a Configuration-partition user, a disabled user.
enum TestDirectory {
    static let password = "s3cret-test"

    static var ldif: String {
        let hash = PasswordHash.make(password: password, scheme: .ssha256)
        func user(_ cn: String, _ ou: String, _ sip: String, enabled: Bool = true) -> String {
            """
            dn: CN=\(cn),OU=\(ou),DC=contoso,DC=com
            objectClass: top
            objectClass: person
            objectClass: organizationalPerson
            objectClass: user
            displayName: \(cn) \(ou == "Bots" ? "Bot" : "Tester")
            givenName: \(cn)
            sn: \(ou == "Bots" ? "Bot" : "Tester")
            mail: \(sip)@contoso.com
            msRTCSIP-PrimaryUserAddress: sip:\(sip)@contoso.com
            msRTCSIP-UserEnabled: \(enabled ? "TRUE" : "FALSE")
            userPassword: \(hash)

            """
        }
        return """
            version: 1

            dn: DC=contoso,DC=com
            objectClass: top
            objectClass: domain

            dn: OU=Staff,DC=contoso,DC=com
            objectClass: organizationalUnit

            dn: OU=Bots,DC=contoso,DC=com
            objectClass: organizationalUnit

            dn: CN=Support,OU=Staff,DC=contoso,DC=com
            objectClass: top
            objectClass: group
            member: CN=Alice,OU=Staff,DC=contoso,DC=com
            member: CN=Echo,OU=Bots,DC=contoso,DC=com

            \(user("Alice", "Staff", "alice"))
            \(user("Bob", "Staff", "bob"))
            \(user("Carol", "Staff", "carol"))
            \(user("Dave", "Staff", "dave", enabled: false))
            \(user("Echo", "Bots", "echobot"))
            dn: CN={5b7c1f0e-2d3a-4c55-8e6f-0a1b2c3d4e5f},CN=Application Contacts,CN=RTC Service,CN=Services,CN=Configuration,DC=contoso,DC=com
            objectClass: top
            objectClass: contact
            msRTCSIP-PrimaryUserAddress: sip:trustedapp@contoso.com
            msRTCSIP-UserEnabled: TRUE
            userPassword: \(hash)

            dn: CN=Config User,CN=Services,CN=Configuration,DC=contoso,DC=com
            objectClass: top
            objectClass: person
            objectClass: organizationalPerson
            objectClass: user
            msRTCSIP-PrimaryUserAddress: sip:configuser@contoso.com
            msRTCSIP-UserEnabled: TRUE
            userPassword: \(hash)

            """
    }
}
