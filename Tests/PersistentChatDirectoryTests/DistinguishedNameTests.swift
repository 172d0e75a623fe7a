import Testing
@testable import PersistentChatDirectory

@Suite("Distinguished names")
struct DistinguishedNameTests {
    @Test func parsesComponentsAndTrimsSpaces() throws {
        let name = try dn(" CN = Alice Smith , OU=Staff,  DC=contoso ,DC=com ")
        #expect(name.rdns.map(\.type) == ["cn", "ou", "dc", "dc"])
        #expect(name.rdns.map(\.value) == ["Alice Smith", "Staff", "contoso", "com"])
        #expect(name.description == "CN=Alice Smith,OU=Staff,DC=contoso,DC=com")
    }

    @Test func comparesTypesAndValuesCaseInsensitively() throws {
        let a = try dn("CN=Alice Smith,OU=Staff,DC=contoso,DC=com")
        let b = try dn("cn=ALICE SMITH,ou=staff,dc=Contoso,dc=COM")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(a != (try dn("CN=Alice Smyth,OU=Staff,DC=contoso,DC=com")))
    }

    @Test func decodesEscapes() throws {
        let name = try dn(##"CN=Smith\, Alice \+ \"Al\" \\ \<x\> \; \= \#1,OU=Staff,DC=contoso,DC=com"##)
        #expect(name.rdns[0].value == #"Smith, Alice + "Al" \ <x> ; = #1"#)
        #expect(name.rdns.count == 4)
        #expect(name.description == #"CN=Smith\, Alice \+ \"Al\" \\ \<x\> \; = #1,OU=Staff,DC=contoso,DC=com"#)
        #expect(try DistinguishedName(name.description) == name)
    }

    @Test func decodesHexPairsAsUTF8() throws {
        let name = try dn(#"CN=Zo\C3\AB\2C Jr,DC=contoso,DC=com"#)
        #expect(name.rdns[0].value == "Zoë, Jr")
    }

    @Test func keepsEscapedLeadingAndTrailingSpaces() throws {
        let name = try dn(#"CN=\ padded\ ,DC=com"#)
        #expect(name.rdns[0].value == " padded ")
        #expect(name.description == #"CN=\ padded\ ,DC=com"#)
        #expect(try dn(##"CN=\#hash,DC=com"##).description == ##"CN=\#hash,DC=com"##)
    }

    @Test(arguments: [
        ("", DistinguishedNameError.empty),
        ("   ", .empty),
        ("Alice,DC=com", .missingEquals(component: "Alice")),
        ("CN=a,,DC=com", .emptyComponent),
        ("CN=a,DC=com,", .emptyComponent),
        ("CN=,DC=com", .emptyValue(attributeType: "cn")),
        (#"CN=a\qb,DC=com"#, .badEscape("'\\qb'")),
        (#"CN=a\4,DC=com"#, .badEscape("'\\4,'")),
        (#"CN=a\"#, .badEscape("'\\' at end of input")),
        (#"CN=a\FF,DC=com"#, .invalidUTF8(attributeType: "cn")),
        ("CN=a;b,DC=com", .unescapedCharacter(";")),
        ("CN=\"quoted\",DC=com", .unescapedCharacter("\"")),
        ("CN=a+UID=b,DC=com", .multiValuedRDN(component: "a+UID=b")),
        ("CN=#0403616263,DC=com", .hexValueNotSupported(attributeType: "cn")),
        ("C N=a,DC=com", .invalidAttributeType("C N")),
        ("1.2.=a", .invalidAttributeType("1.2.")),
    ])
    func refusesMalformedNames(input: String, expected: DistinguishedNameError) {
        #expect(throws: expected) { try DistinguishedName(input) }
    }

    @Test func errorsExplainTheProblem() {
        #expect(DistinguishedNameError.missingEquals(component: "Alice").description.contains("missing '='"))
        #expect(DistinguishedNameError.badEscape("'\\q'").description.contains("bad escape"))
        #expect(DistinguishedNameError.empty.description.contains("empty"))
    }

    @Test func acceptsNumericOIDTypes() throws {
        #expect(try dn("2.5.4.3=Alice,DC=com").rdns[0].type == "2.5.4.3")
    }

    @Test func parentAndAncestry() throws {
        let alice = try dn("CN=Alice,OU=Staff,DC=contoso,DC=com")
        let staff = try dn("ou=staff,dc=contoso,dc=com")
        let domain = try dn("DC=contoso,DC=com")
        #expect(alice.parent == staff)
        #expect(try dn("DC=com").parent == nil)
        #expect(alice.isDescendant(of: staff))
        #expect(alice.isDescendant(of: domain))
        #expect(!alice.isDescendant(of: alice))
        #expect(alice.isWithinOrEqual(to: alice))
        #expect(alice.isWithinOrEqual(to: domain))
        #expect(!staff.isDescendant(of: alice))
        #expect(!alice.isDescendant(of: try dn("OU=Staff,DC=fabrikam,DC=com")))
    }

    @Test func domainComponentsAndName() throws {
        let alice = try dn("CN=Alice,OU=Staff,DC=Contoso,DC=com")
        #expect(alice.domainComponents == ["Contoso", "com"])
        #expect(alice.domainName == "contoso.com")
        let inner = try dn("CN=x,DC=inner,OU=y,DC=corp,DC=com")
        #expect(inner.domainComponents == ["corp", "com"])
        #expect(try dn("CN=Nowhere,O=Elsewhere").domainName == nil)
    }

    @Test(arguments: [
        ("CN=Configuration,DC=contoso,DC=com", true),
        ("cn=configuration,dc=contoso,dc=com", true),
        ("CN=App,CN=Application Contacts,CN=RTC Service,CN=Services,CN=Configuration,DC=contoso,DC=com", true),
        ("CN=Configuration,OU=Staff,DC=contoso,DC=com", false),
        ("CN=Configuration Notes,DC=contoso,DC=com", false),
        ("OU=Configuration,DC=contoso,DC=com", false),
        ("CN=Alice,OU=CN=Configuration\\,DC=x,DC=contoso,DC=com", false),
        ("CN=Configuration", false),
        ("CN=Alice,OU=Staff,DC=contoso,DC=com", false),
    ])
    func detectsConfigurationPartition(input: String, expected: Bool) throws {
        #expect(try dn(input).isInConfigurationPartition == expected)
    }
}
