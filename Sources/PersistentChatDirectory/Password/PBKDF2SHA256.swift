import Crypto
import _CryptoExtras
import Foundation

/// The `{PBKDF2-SHA256}ITERATIONS$SALT$HASH` scheme with a 32-byte key.
enum PBKDF2SHA256 {
    static let keyByteCount = 32
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256; new hashes use it, and fewer read as weak.
    static let defaultIterations = 600_000
    static let iterationRange = 1_000...10_000_000

    /// The encoded value (without prefix) for `password`, `salt` and `iterations`.
    static func encode(password: String, salt: [UInt8], iterations: Int) throws(PasswordHashError) -> String {
        let key = try derive(password: password, salt: salt, iterations: iterations)
        return "\(iterations)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Checks `password` against the encoded value (without prefix).
    static func verify(password: String, encoded: String) throws(PasswordHashError) -> Bool {
        let (iterations, salt, expected) = try parse(encoded)
        let actual = try derive(password: password, salt: salt, iterations: iterations)
        return ConstantTime.equals(actual, expected)
    }

    /// The iteration count, salt and key of an encoded value (without prefix).
    static func parse(_ encoded: String) throws(PasswordHashError) -> (iterations: Int, salt: [UInt8], key: [UInt8]) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw PasswordHashError("{PBKDF2-SHA256} value must be ITERATIONS$SALT$HASH")
        }
        guard let iterations = Int(parts[0]), iterationRange.contains(iterations) else {
            throw PasswordHashError("{PBKDF2-SHA256} iteration count must be a number in \(iterationRange.lowerBound)...\(iterationRange.upperBound)")
        }
        guard let salt = decode(parts[1]), salt.count >= PasswordSalt.minimumByteCount else {
            throw PasswordHashError("{PBKDF2-SHA256} salt must be base64 of at least \(PasswordSalt.minimumByteCount) bytes")
        }
        guard let expected = decode(parts[2]), expected.count == keyByteCount else {
            throw PasswordHashError("{PBKDF2-SHA256} hash must be base64 of \(keyByteCount) bytes")
        }
        return (iterations, salt, expected)
    }

    private static func derive(password: String, salt: [UInt8], iterations: Int) throws(PasswordHashError) -> [UInt8] {
        do {
            // The checked `rounds:` variant demands at least 210,000 rounds; the iteration
            // count here is validated against `iterationRange` instead.
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(password.utf8), salt: salt, using: .sha256,
                outputByteCount: keyByteCount, unsafeUncheckedRounds: iterations)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw PasswordHashError("PBKDF2 key derivation failed: \(error)")
        }
    }

    /// Decodes standard base64, also accepting the unpadded `.`-for-`+` variant some LDAP servers write.
    private static func decode(_ text: Substring) -> [UInt8]? {
        var normalized = text.replacingOccurrences(of: ".", with: "+")
        while normalized.count % 4 != 0 { normalized += "=" }
        return Data(base64Encoded: normalized).map { Array($0) }
    }
}
