import Logging
import Synchronization
import Testing
@testable import PersistentChatDirectory

/// New hashes are PBKDF2-SHA256 with at least 600,000 iterations; weaker stored values still verify and are named in
/// one warning when the directory loads; unknown addresses are checked against a decoy of the directory's cost.
@Suite struct PasswordStrengthTests {
    @Test func newHashesUseAtLeast600000Iterations() throws {
        #expect(PasswordHash.defaultPBKDF2Iterations >= 600_000)
        let stored = PasswordHash.make(password: "correct horse")
        let cost = try #require(PasswordCost(of: stored))
        #expect(cost.scheme == .pbkdf2SHA256)
        #expect((cost.iterations ?? 0) >= 600_000)
        #expect(!cost.isWeak)
        #expect(PasswordHash.verify(password: "correct horse", against: stored) == .match)
        #expect(DirectoryLDIFBuilder(password: "x").passwordHash.hasPrefix("{PBKDF2-SHA256}600000$"))
    }

    @Test func olderSchemesStillVerifyAndReadAsWeak() throws {
        let bob = "{PBKDF2-SHA256}1000$ZGVmZ2hpamtsbW5vcHFycw==$mwPCp3kJfinMTHXJLQdbo6npSm9IuxL6P+o8UhkcV1o="
        #expect(PasswordHash.verify(password: SamplePasswords.bob, against: bob) == .match)
        #expect(PasswordCost(of: bob)?.isWeak == true)
        #expect(PasswordCost(of: PasswordHash.make(password: "x", scheme: .ssha256))?.isWeak == true)
        #expect(PasswordCost(of: "{SHA}uE1+cBGmURe+4zihKsjfuHZgJbQ=") == nil)
    }

    @Test func oneWarningAtLoadNamesTheWeakEntries() throws {
        let records = RecordedLog()
        let logger = Logger(label: "test") { _ in RecordingHandler(records: records) }
        _ = try Directory.parse(ldif: sampleLDIF, source: "sample.ldif", logger: logger)
        let warnings = records.entries.withLock { $0 }.filter { $0.level == .warning && $0.message.contains("weak") }
        #expect(warnings.count == 1)
        let named = warnings.first?.metadata["entries"].map { "\($0)" } ?? ""
        for weak in ["CN=Alice Smith,OU=Engineering,OU=Staff,DC=contoso,DC=com", "CN=Bob Jones,OU=Staff,DC=contoso,DC=com",
                     "CN=Carol Disabled,OU=Staff,DC=contoso,DC=com"] {
            #expect(named.contains(weak))
        }
        // Entries without a usable hash are not "weak": they cannot sign in at all.
        #expect(!named.contains("Grace"))
        #expect(!named.contains("Dave"))
    }

    @Test func aDirectoryOfStrongHashesLoadsWithoutWarning() throws {
        var builder = DirectoryLDIFBuilder(passwordHash: "{PBKDF2-SHA256}600000$AAECAwQFBgcICQoLDA0ODw==$DaNLPubcvPJ4Q9o13gSAZWDm9VeB9+xLASqvPmdBdF0=")
        builder.addDomain("DC=contoso,DC=com")
        builder.addUser("CN=A,DC=contoso,DC=com", sipAddress: "sip:a@contoso.com")
        let records = RecordedLog()
        let directory = try Directory.parse(ldif: builder.ldif, logger: Logger(label: "test") { _ in RecordingHandler(records: records) })
        #expect(records.entries.withLock { $0 }.allSatisfy { $0.level < .warning })
        // The decoy for unknown addresses costs what the entries cost.
        #expect(directory.decoys.all.map { PasswordCost(of: $0) } == [PasswordCost(of: builder.passwordHash)])
    }

    @Test func unknownAddressesGetDecoysOfTheEntriesCostsEachAlwaysTheSameAndMatchingNothing() throws {
        let directory = try sampleDirectory()
        let entryCosts = Set(directory.allEntries.compactMap { $0.passwordHash.flatMap(PasswordCost.init(of:)) })
        #expect(entryCosts.count > 1)  // the sample mixes {SSHA256} and PBKDF2
        #expect(Set(directory.decoys.all.compactMap(PasswordCost.init(of:))) == entryCosts)
        let addresses = (0..<200).map { "sip:nobody\($0)@contoso.com" }
        #expect(addresses.allSatisfy { directory.decoys.decoy(for: $0) == directory.decoys.decoy(for: $0) })
        // Spread over every cost, not all on one.
        #expect(Set(addresses.compactMap { PasswordCost(of: directory.decoys.decoy(for: $0)) }) == entryCosts)
        for decoy in directory.decoys.all {
            #expect(PasswordHash.verify(password: "", against: decoy) == .mismatch)
        }
        #expect(DecoyHashes(storedValues: []).all.map { PasswordCost(of: $0) } == [.current])
    }
}

/// Log entries kept for a test.
final class RecordedLog: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }

    let entries = Mutex<[Entry]>([])
}

/// A log handler that records into a ``RecordedLog``.
struct RecordingHandler: LogHandler {
    let records: RecordedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
             function: String, line: UInt) {
        records.entries.withLock { $0.append(RecordedLog.Entry(level: level, message: "\(message)", metadata: self.metadata.merging(metadata ?? [:]) { $1 })) }
    }
}
