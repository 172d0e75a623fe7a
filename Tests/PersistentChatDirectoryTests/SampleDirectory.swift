import Logging
@testable import PersistentChatDirectory

/// Passwords for the sample users (hashes below were computed independently with Python's hashlib).
enum SamplePasswords {
    static let alice = "alice-pw"   // {SSHA256}, 16-byte salt 00…0f
    static let bob = "bob-pw"       // {PBKDF2-SHA256}, 1000 iterations
    static let carol = "carol-pw"   // {SSHA256}
}

/// A Contoso-like directory covering every identity rule, nesting with a cycle, OUs and a domain.
let sampleLDIF = """
version: 1

# Contoso sample directory.
# This comment is folded
  over two lines.
dn: DC=contoso,DC=com
objectClass: top
objectClass: domain
objectClass: domainDNS
dc: contoso

dn: OU=Staff,DC=contoso,DC=com
objectClass: top
objectClass: organizationalUnit
ou: Staff

dn: OU=Engineering,OU=Staff,DC=contoso,DC=com
objectClass: organizationalUnit

dn: CN=Alice Smith,OU=Engineering,OU=Staff,DC=contoso,DC=com
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
objectGUID:: eFY0Erya8N4RIjNEVWZ3iA==
displayName: Alice Smith
givenName: Alice
sn: Smith
mail: alice@contoso.com
msRTCSIP-PrimaryUserAddress: SIP:Alice@Contoso.com
msRTCSIP-UserEnabled: TRUE
userPassword: {SSHA256}SGpOP0lUNTkBzRxrFfBzI6OiYNENrmfL2MfSt/tbE6YAAQIDBAUGBwg
 JCgsMDQ4P
memberOf: CN=Engineers,OU=Groups,DC=contoso,DC=com

dn: CN=Bob Jones,OU=Staff,DC=contoso,DC=com
objectClass: user
objectGUID: {0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0}
displayName: Bob Jones
mail: bob@contoso.com
msRTCSIP-PrimaryUserAddress: sip:bob@contoso.com
msRTCSIP-UserEnabled: true
userPassword: {PBKDF2-SHA256}1000$ZGVmZ2hpamtsbW5vcHFycw==$mwPCp3kJfinMTHXJLQdbo6npSm9IuxL6P+o8UhkcV1o=

dn: CN=Carol Disabled,OU=Staff,DC=contoso,DC=com
objectClass: user
displayName: Carol Disabled
msRTCSIP-PrimaryUserAddress: sip:carol@contoso.com
msRTCSIP-UserEnabled: FALSE
userPassword: {SSHA256}wCg4Yod4+tmYg4/NofO9m1nSnRmb7unoiXRFiqMLGNsgISIjJCUmJygpKissLS4v

dn: CN=Dave Legacy,OU=Staff,DC=contoso,DC=com
objectClass: user
msRTCSIP-PrimaryUserAddress: sip:dave@contoso.com
msRTCSIP-UserEnabled: TRUE
userPassword: {SHA}uE1+cBGmURe+4zihKsjfuHZgJbQ=

dn: CN=Frank Plain,OU=Staff,DC=contoso,DC=com
objectClass: user
msRTCSIP-PrimaryUserAddress: sip:frank@contoso.com
msRTCSIP-UserEnabled: TRUE
userPassword: frank-pw

dn: CN=Grace NoPassword,OU=Staff,DC=contoso,DC=com
objectClass: user
msRTCSIP-PrimaryUserAddress: sip:grace@contoso.com
msRTCSIP-UserEnabled: TRUE

dn:: Q049Wm/DqyDDhW5nc3Ryw7ZtLE9VPVN0YWZmLERDPWNvbnRvc28sREM9Y29t
objectClass: user
displayName:: Wm/DqyDDhW5nc3Ryw7Zt
msRTCSIP-PrimaryUserAddress: sip:zoe@contoso.com

dn: OU=Groups,DC=contoso,DC=com
objectClass: organizationalUnit

dn: CN=Engineers,OU=Groups,DC=contoso,DC=com
objectClass: group
msRTCSIP-PrimaryUserAddress: sip:engineers@contoso.com
member: CN=Platform Team,OU=Groups,DC=contoso,DC=com

dn: CN=Platform Team,OU=Groups,DC=contoso,DC=com
objectClass: group
member: CN=Bob Jones,OU=Staff,DC=contoso,DC=com
member: CN=Everyone,OU=Groups,DC=contoso,DC=com

dn: CN=Everyone,OU=Groups,DC=contoso,DC=com
objectClass: group
member: CN=Engineers,OU=Groups,DC=contoso,DC=com

dn: CN=Managers,OU=Groups,DC=contoso,DC=com
objectClass: group
member: CN=Carol Disabled,OU=Staff,DC=contoso,DC=com
member: CN=Ghost,OU=Staff,DC=contoso,DC=com

dn: CN=Configuration,DC=contoso,DC=com
objectClass: configuration

dn: CN=Services,CN=Configuration,DC=contoso,DC=com
objectClass: container

dn: CN=Stray User,CN=Services,CN=Configuration,DC=contoso,DC=com
objectClass: user
msRTCSIP-PrimaryUserAddress: sip:stray@contoso.com
msRTCSIP-UserEnabled: TRUE
userPassword: {SSHA256}SGpOP0lUNTkBzRxrFfBzI6OiYNENrmfL2MfSt/tbE6YAAQIDBAUGBwgJCgsMDQ4P

dn: CN=Chat Bot,CN=Application Contacts,CN=RTC Service,CN=Services,CN=Configuration,DC=contoso,DC=com
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: contact
msRTCSIP-PrimaryUserAddress: sip:app@contoso.com
msRTCSIP-UserEnabled: TRUE
userPassword: {SSHA256}SGpOP0lUNTkBzRxrFfBzI6OiYNENrmfL2MfSt/tbE6YAAQIDBAUGBwgJCgsMDQ4P

dn: CN=Outside Contact,OU=Staff,DC=contoso,DC=com
objectClass: contact
msRTCSIP-PrimaryUserAddress: sip:outside@contoso.com

dn: CN=Nowhere User,O=Elsewhere
objectClass: user
msRTCSIP-PrimaryUserAddress: sip:nowhere@contoso.com
msRTCSIP-UserEnabled: TRUE
userPassword: {SSHA256}SGpOP0lUNTkBzRxrFfBzI6OiYNENrmfL2MfSt/tbE6YAAQIDBAUGBwgJCgsMDQ4P
"""

/// A logger that discards everything, to keep test output quiet.
let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// The sample directory.
func sampleDirectory() throws -> Directory {
    try Directory.parse(ldif: sampleLDIF, source: "sample.ldif", logger: quietLogger)
}

/// Parses a DN that the test knows is valid.
func dn(_ text: String) throws -> DistinguishedName {
    try DistinguishedName(text)
}
