@testable import LDAPDirectory
import Testing

/// Filter values escaped as RFC 4515 says, and configured filters checked before the first search.
@Suite struct LDAPFilterTests {
    @Test(arguments: [
        ("sip:alice@contoso.com", "sip:alice@contoso.com"),
        ("x*)(objectClass=*", "x\\2a\\29\\28objectClass=\\2a"),
        ("a\\b", "a\\5cb"),
        ("nul\u{0}byte", "nul\\00byte"),
        ("Zoë (Ops)", "Zoë \\28Ops\\29"),
    ])
    func valuesAreEscaped(value: String, escaped: String) {
        #expect(LDAPFilter.escape(value) == escaped)
    }

    @Test func filtersAreBuiltFromEscapedParts() {
        #expect(LDAPFilter.equal("mail", "a*") == "(mail=a\\2a)")
        #expect(LDAPFilter.contains("sn", "O(x") == "(sn=*O\\28x*)")
        #expect(LDAPFilter.and(["(a=1)"]) == "(a=1)")
        #expect(LDAPFilter.and(["(a=1)", "(b=2)"]) == "(&(a=1)(b=2))")
        #expect(LDAPFilter.or(["(a=1)", "(b=2)"]) == "(|(a=1)(b=2))")
    }

    @Test(arguments: [
        ("(department=Sales)", nil),
        ("(&(a=b)(|(c=d)(e=f)))", nil),
        ("department=Sales", "parentheses"),
        ("(a=b)(c=d)", "join several"),
        ("(&(a=b)", "left open"),
        ("((a=b)))", "closes nothing"),
    ] as [(String, String?)])
    func configuredFiltersAreChecked(filter: String, problem: String?) {
        let found = LDAPFilter.problem(in: filter)
        if let problem {
            #expect(found?.contains(problem) == true, "\(found ?? "no problem found")")
        } else {
            #expect(found == nil)
        }
    }
}

/// What pchatd asks the directory for.
@Suite struct ActiveDirectoryAttributeTests {
    @Test func noPasswordAttributeIsEverAskedFor() {
        let asked = Set(ActiveDirectoryAttributes.read.map { $0.lowercased() })
        for secret in ["userpassword", "unicodepwd", "ntpwdhistory", "lmpwdhistory", "dbcspwd", "supplementalcredentials", "*"] {
            #expect(!asked.contains(secret), "\(secret)")
        }
    }
}
