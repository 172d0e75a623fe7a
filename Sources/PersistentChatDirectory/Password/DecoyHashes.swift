import Crypto
import Foundation

/// Hashes that no password matches, one for each cost the directory's entries have, checked in place of a hash that
/// is missing (an unknown address, an entry without a usable `userPassword`).
///
/// Each address is given one of them, always the same within this process, with the odds of the entries' own costs:
/// an unknown address takes as long to refuse as some real account, so timing does not tell the two apart the way
/// a single decoy of the most common cost would for accounts of a rarer cost.
struct DecoyHashes: Sendable {
    /// Each decoy with the running count of entries up to its cost.
    private let decoys: [(hash: String, upTo: Int)]
    private let total: Int
    /// Keys the choice per process, so nobody can work out which cost an address is given.
    private static let key: [UInt8] = (0..<32).map { _ in UInt8.random(in: .min ... .max) }

    init(storedValues: some Sequence<String>) {
        var counts: [PasswordCost: Int] = [:]
        for stored in storedValues {
            if let cost = PasswordCost(of: stored) { counts[cost, default: 0] += 1 }
        }
        if counts.isEmpty { counts[.current] = 1 }
        var running = 0
        decoys = counts.sorted { $0.key.description < $1.key.description }.map { cost, count in
            running += count
            return (cost.decoy, running)
        }
        total = running
    }

    /// The decoy for `address`.
    func decoy(for address: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: SymmetricKey(data: Self.key))
        let value = code.withUnsafeBytes { bytes in bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        let pick = Int(value % UInt64(max(total, 1)))
        return decoys.first { pick < $0.upTo }?.hash ?? decoys.last?.hash ?? PasswordCost.current.decoy
    }

    /// Every decoy, one per cost.
    var all: [String] { decoys.map(\.hash) }
}
