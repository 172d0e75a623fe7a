import Foundation

/// How much work checking a password against a stored `userPassword` value takes: its scheme and, for PBKDF2, its
/// iteration count.
public struct PasswordCost: Sendable, Hashable, CustomStringConvertible {
    /// The scheme.
    public let scheme: PasswordScheme
    /// PBKDF2 iterations; nil for `{SSHA256}` (one SHA-256).
    public let iterations: Int?

    /// The cost of new hashes: PBKDF2-SHA256 with ``PasswordHash/defaultPBKDF2Iterations`` iterations.
    public static let current = PasswordCost(scheme: .pbkdf2SHA256, iterations: PasswordHash.defaultPBKDF2Iterations)

    /// The cost of checking `stored`; nil when the value cannot be used at all.
    public init?(of stored: String) {
        guard let (scheme, encoded) = try? PasswordHash.split(stored) else { return nil }
        switch scheme {
        case .ssha256:
            self.init(scheme: scheme, iterations: nil)
        case .pbkdf2SHA256:
            guard let parsed = try? PBKDF2SHA256.parse(encoded) else { return nil }
            self.init(scheme: scheme, iterations: parsed.iterations)
        }
    }

    init(scheme: PasswordScheme, iterations: Int?) {
        self.scheme = scheme
        self.iterations = iterations
    }

    /// Weaker than new hashes: `{SSHA256}`, or PBKDF2 with fewer than ``PasswordHash/defaultPBKDF2Iterations`` iterations.
    public var isWeak: Bool {
        scheme != .pbkdf2SHA256 || (iterations ?? 0) < PasswordHash.defaultPBKDF2Iterations
    }

    /// `PBKDF2-SHA256, 600000 iterations` or `SSHA256`.
    public var description: String {
        iterations.map { "\(scheme.rawValue), \($0) iterations" } ?? scheme.rawValue
    }

    /// A stored value of this cost that no password matches in practice (random salt and random key): checking a
    /// password against it takes as long as against a real value of the same cost.
    public var decoy: String {
        let salt = PasswordSalt.random()
        switch scheme {
        case .ssha256:
            let digest = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
            return scheme.prefix + Data(digest + salt).base64EncodedString()
        case .pbkdf2SHA256:
            let key = (0..<PBKDF2SHA256.keyByteCount).map { _ in UInt8.random(in: .min ... .max) }
            let rounds = iterations ?? PasswordHash.defaultPBKDF2Iterations
            return scheme.prefix + "\(rounds)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
        }
    }
}
