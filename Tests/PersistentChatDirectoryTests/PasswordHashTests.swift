import Testing
@testable import PersistentChatDirectory

@Suite("Password hashes")
struct PasswordHashTests {
    @Test(arguments: PasswordScheme.allCases)
    func roundTrips(scheme: PasswordScheme) {
        let stored = PasswordHash.make(password: "s3cret ü", scheme: scheme)
        #expect(stored.hasPrefix(scheme.prefix))
        #expect(PasswordHash.verify(password: "s3cret ü", against: stored) == .match)
        #expect(PasswordHash.verify(password: "s3cret u", against: stored) == .mismatch)
        #expect(PasswordHash.verify(password: "", against: stored) == .mismatch)
    }

    @Test func saltsAreRandom() {
        #expect(PasswordHash.make(password: "x", scheme: .ssha256) != PasswordHash.make(password: "x", scheme: .ssha256))
    }

    @Test func defaultSchemeIsPBKDF2WithDefaultIterations() {
        let stored = PasswordHash.make(password: "x")
        #expect(stored.hasPrefix("{PBKDF2-SHA256}600000$"))
        let parts = stored.split(separator: "$")
        #expect(parts.count == 3)
    }

    @Test func verifiesIndependentlyComputedHashes() {
        // Computed with Python hashlib.
        #expect(PasswordHash.verify(password: "alice-pw", against: "{SSHA256}SGpOP0lUNTkBzRxrFfBzI6OiYNENrmfL2MfSt/tbE6YAAQIDBAUGBwgJCgsMDQ4P") == .match)
        #expect(PasswordHash.verify(password: "Tr0ub4dor&3", against: "{PBKDF2-SHA256}100000$AAECAwQFBgcICQoLDA0ODw==$DaNLPubcvPJ4Q9o13gSAZWDm9VeB9+xLASqvPmdBdF0=") == .match)
        #expect(PasswordHash.verify(password: "Tr0ub4dor&4", against: "{PBKDF2-SHA256}100000$AAECAwQFBgcICQoLDA0ODw==$DaNLPubcvPJ4Q9o13gSAZWDm9VeB9+xLASqvPmdBdF0=") == .mismatch)
        #expect(PasswordHash.verify(password: "bob-pw", against: "{pbkdf2-sha256}1000$ZGVmZ2hpamtsbW5vcHFycw$mwPCp3kJfinMTHXJLQdbo6npSm9IuxL6P.o8UhkcV1o") == .match)
    }

    @Test(arguments: [
        ("alice-pw", "plain text"),
        ("", "empty"),
        ("{SHA}uE1+cBGmURe+4zihKsjfuHZgJbQ=", "{SHA} is unsalted"),
        ("{SSHA256}ZM1low5VgXU79a3P9dZATBxJiZaFuPJZJIy6tFfsBLE=", "no salt"),
        ("{CLEARTEXT}alice-pw", "cleartext"),
        ("{SSHA512}AAAA", "unknown scheme"),
        ("{SSHA256}***", "bad base64"),
        ("{PBKDF2-SHA256}1000$AAECAwQFBgcICQoLDA0ODw==", "missing part"),
        ("{PBKDF2-SHA256}10$AAECAwQFBgcICQoLDA0ODw==$DaNLPubcvPJ4Q9o13gSAZWDm9VeB9+xLASqvPmdBdF0=", "too few iterations"),
        ("{PBKDF2-SHA256}1000$AAEC$DaNLPubcvPJ4Q9o13gSAZWDm9VeB9+xLASqvPmdBdF0=", "short salt"),
        ("{PBKDF2-SHA256}1000$AAECAwQFBgcICQoLDA0ODw==$AAAA", "short hash"),
    ])
    func refusesUnusableValues(stored: String, why: String) {
        let result = PasswordHash.verify(password: "alice-pw", against: stored)
        guard case .unsupported(let reason) = result else {
            Issue.record("expected unsupported for \(why), got \(result)")
            return
        }
        #expect(!reason.isEmpty)
        #expect(!reason.contains("alice-pw"))
    }

    @Test func unsupportedReasonsAreSpecific() {
        #expect(PasswordHash.verify(password: "x", against: "x") == .unsupported("stored password has no {SCHEME} prefix; plain-text passwords are never accepted"))
        #expect(PasswordHash.verify(password: "x", against: "{SHA}abc") == .unsupported("scheme {SHA} is unsalted or plain text and is not accepted; use {SSHA256} or {PBKDF2-SHA256}"))
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([], []))
    }
}
