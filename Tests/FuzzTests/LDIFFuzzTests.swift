import Foundation
import Logging
import PersistentChatDirectory
import Testing

/// The LDIF parser and the directory built from it, attacked with damaged directory files: each input loads or is
/// refused with an error that says what is wrong; nothing crashes or hangs.
@Suite struct LDIFFuzzTests {
    static let vocabulary = [
        "dn: ", "\ndn: CN=X,DC=contoso,DC=com\n", "objectClass: user\n", "objectClass: contact\n", ":: ", ":< ", ": ",
        "\n ", "\n\n", "\n-\n", "changetype: modify\n", "version: 1\n", "version: 2\n", "# comment\n", "CN=", ",DC=",
        "\\2C", "\\", "=", "userPassword: {PBKDF2-SHA256}1000$AAAA$BBBB\n", "userPassword: {SSHA256}!!!\n",
        "msRTCSIP-PrimaryUserAddress: sip:\n", "msRTCSIP-UserEnabled: maybe\n", "member: CN=Ops,DC=contoso,DC=com\n",
        "objectGUID:: AAAA\n", "userAccountControl: 99999999999999999999\n", "\r\n",
    ]

    @Test func damagedDirectoriesLoadOrAreRefusedClearly() async throws {
        let seeds = [Array(try RepositoryFiles.text("config/directory.ldif").utf8)]
        let mutator = FuzzMutator(vocabulary: Self.vocabulary)
        let logger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
        await FuzzRun.run("LDIF", inputs: 1_500, make: { random in
            mutator.mutate(random.pick(seeds), using: &random)
        }, check: { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try LDIFParser.parse(text, source: "fuzz.ldif")
            } catch {
                if "\(error)".isEmpty { return "an LDIF refusal without a message" }
            }
            do {
                _ = try Directory.parse(ldif: text, source: "fuzz.ldif", logger: logger)
            } catch {
                if "\(error)".isEmpty { return "a directory refusal without a message" }
            }
            return nil
        })
    }
}
