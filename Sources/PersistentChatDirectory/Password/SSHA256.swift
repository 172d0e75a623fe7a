import Crypto
import Foundation

/// The `{SSHA256}` scheme: base64(SHA-256(password + salt) + salt).
enum SSHA256 {
    private static let digestCount = SHA256.byteCount

    /// The encoded value (without prefix) for `password` and `salt`.
    static func encode(password: String, salt: [UInt8]) -> String {
        Data(digest(password: password, salt: salt) + salt).base64EncodedString()
    }

    /// Checks `password` against the encoded value (without prefix).
    static func verify(password: String, encoded: String) throws(PasswordHashError) -> Bool {
        guard let data = Data(base64Encoded: encoded) else {
            throw PasswordHashError("{SSHA256} value is not valid base64")
        }
        let bytes = Array(data)
        guard bytes.count > digestCount else {
            throw PasswordHashError("{SSHA256} value has no salt; unsalted hashes are not accepted")
        }
        let salt = Array(bytes[digestCount...])
        guard salt.count >= PasswordSalt.minimumByteCount else {
            throw PasswordHashError("{SSHA256} salt is \(salt.count) bytes; at least \(PasswordSalt.minimumByteCount) are required")
        }
        return ConstantTime.equals(digest(password: password, salt: salt), Array(bytes[..<digestCount]))
    }

    private static func digest(password: String, salt: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(password.utf8))
        hasher.update(data: salt)
        return Array(hasher.finalize())
    }
}
