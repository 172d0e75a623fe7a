import Testing
@testable import PersistentChatDirectory

@Suite("LDIF parsing")
struct LDIFParserTests {
    @Test func parsesVersionCommentsFoldingAndBase64() throws {
        let text = """
        version: 1
        # a comment
         that is folded
        dn: CN=Alice Smith,OU=Staff,
         DC=contoso,DC=com
        objectClass: user
        description: first line
          continues with a space
        displayName:: Wm/DqyDDhW5nc3Ryw7Zt
        displayName;lang-en: Zoe Angstrom
        mail:alice@contoso.com

        # second record

        dn: CN=Bob,DC=contoso,DC=com
        objectClass: user
        """
        let records = try LDIFParser.parse(text, source: "t.ldif")
        #expect(records.count == 2)
        let alice = records[0]
        #expect(alice.dn == (try dn("CN=Alice Smith,OU=Staff,DC=contoso,DC=com")))
        #expect(alice.line == 4)
        #expect(alice.first("DESCRIPTION") == "first line continues with a space")
        #expect(alice.values("displayname") == ["Zoë Ångström", "Zoe Angstrom"])
        #expect(alice.attributes(named: "displayName")[1].options == ["lang-en"])
        #expect(alice.attributes(named: "displayName")[0].value.wasBase64)
        #expect(alice.first("mail") == "alice@contoso.com")
        #expect(alice.attributes.map(\.line) == [6, 7, 9, 10, 11])
        #expect(records[1].line == 15)
    }

    @Test func acceptsCRLFAndBase64DN() throws {
        let text = "dn:: Q049Wm/DqyDDhW5nc3Ryw7ZtLE9VPVN0YWZmLERDPWNvbnRvc28sREM9Y29t\r\nobjectClass: us\r\n er\r\n\r\ndn: CN=b,DC=com\r\n"
        let records = try LDIFParser.parse(text)
        #expect(records.count == 2)
        #expect(records.first?.dn.rdns.first?.value == "Zoë Ångström")
        #expect(records.first?.values("objectClass") == ["user"])
        #expect(records.last?.line == 5)
    }

    @Test func keepsBinaryObjectGUIDBytes() throws {
        let records = try LDIFParser.parse("dn: CN=x,DC=com\nobjectGUID:: //4AYmFkAAAAAAAAAAAAAA==\n")
        let value = try #require(records.first?.attributes(named: "objectGUID").first?.value)
        #expect(value.bytes.count == 16)
        #expect(value.bytes.prefix(3) == [0xFF, 0xFE, 0x00])
        #expect(value.text == nil)
        #expect(records.first?.rawValues("objectguid").first == value.bytes)
    }

    @Test(arguments: [
        ("dn: CN=x,DC=com\nobjectClass: user\nuserPassword:: not base64!!\n", 3, "invalid base64 in value of 'userPassword'"),
        ("dn: CN=x,DC=com\ndescription:: //4AYmFk\n", 2, "base64 value of 'description' is not valid UTF-8"),
        ("version: 1\n\nobjectClass: user\ncn: x\n", 3, "record must start with 'dn:' but starts with 'objectClass:'"),
        ("dn: CN=x,DC=com\nobjectClass: user\nthis line has no colon\n", 3, "expected 'attribute: value' but the line has no ':'"),
        ("dn: CN=x,DC=com\nchangetype: add\nobjectClass: user\n", 2, "change records ('changetype:') are not supported; only content records are"),
        ("dn: CN=x,DC=com\njpegPhoto:< file:///tmp/x.jpg\n", 2, "URL values ('jpegPhoto:<') are not supported"),
        ("version: 2\n\ndn: CN=x,DC=com\n", 1, "unsupported LDIF version '2'; only version 1 is supported"),
        (" folded first\n", 1, "continuation line (starting with a space) has no line to continue"),
        ("dn: CN=x,DC=com\n\n continued\n", 3, "continuation line (starting with a space) has no line to continue"),
        ("dn: CN=x,DC=com\nobjectClass: user\ndn: CN=y,DC=com\n", 3, "second 'dn:' inside a record; separate records with a blank line"),
        ("# header\n\ndn: Alice\n", 3, "invalid dn 'Alice': missing '=' in distinguished name component 'Alice'"),
        ("dn: CN=x,DC=com\nbad name: y\n", 2, "invalid attribute description 'bad name'"),
    ])
    func reportsErrorsWithLineNumbers(text: String, line: Int, message: String) {
        #expect(throws: LDIFError(line: line, message: message, source: "dir.ldif")) {
            try LDIFParser.parse(text, source: "dir.ldif")
        }
    }

    @Test func errorDescriptionNamesSourceAndLine() {
        let error = LDIFError(line: 12, message: "invalid base64 in value of 'userPassword'", source: "/etc/pchat/directory.ldif")
        #expect(error.description == "/etc/pchat/directory.ldif:12: invalid base64 in value of 'userPassword'")
        #expect(LDIFError(line: 12, message: "oops").description == "line 12: oops")
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try LDIFParser.parse("").isEmpty)
        #expect(try LDIFParser.parse("version: 1\n# nothing else\n").isEmpty)
    }
}
