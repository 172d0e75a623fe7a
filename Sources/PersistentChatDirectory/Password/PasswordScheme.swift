/// Salted password hashing schemes accepted in `userPassword`.
public enum PasswordScheme: String, Sendable, CaseIterable {
    /// `{SSHA256}` = base64(SHA-256(password + salt) + salt).
    case ssha256 = "SSHA256"
    /// `{PBKDF2-SHA256}ITERATIONS$SALT_BASE64$HASH_BASE64` (32-byte key).
    case pbkdf2SHA256 = "PBKDF2-SHA256"

    /// The `{SCHEME}` prefix written before the hash.
    public var prefix: String { "{\(rawValue)}" }
}
