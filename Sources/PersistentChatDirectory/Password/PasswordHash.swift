/// Creates and checks salted `userPassword` values. Plain-text and unsalted values are never accepted.
public enum PasswordHash {
    /// The PBKDF2 iteration count used by `make`.
    public static let defaultPBKDF2Iterations = PBKDF2SHA256.defaultIterations

    private static let unsaltedSchemes: Set<String> = ["SHA", "SHA256", "SHA384", "SHA512", "MD5", "CLEARTEXT", "PLAIN"]

    /// Hashes `password` with a fresh 16-byte random salt, returning a `{SCHEME}…` value.
    public static func make(password: String, scheme: PasswordScheme = .pbkdf2SHA256) -> String {
        let salt = PasswordSalt.random()
        switch scheme {
        case .ssha256:
            return scheme.prefix + SSHA256.encode(password: password, salt: salt)
        case .pbkdf2SHA256:
            do {
                return scheme.prefix + (try PBKDF2SHA256.encode(password: password, salt: salt, iterations: defaultPBKDF2Iterations))
            } catch {
                // Only reachable if the crypto backend fails with fixed, valid parameters.
                preconditionFailure("PBKDF2 failed with valid parameters: \(error)")
            }
        }
    }

    /// Checks `password` against a stored `userPassword` value.
    public static func verify(password: String, against stored: String) -> PasswordVerification {
        do throws(PasswordHashError) {
            let (scheme, encoded) = try split(stored)
            let matches: Bool
            switch scheme {
            case .ssha256: matches = try SSHA256.verify(password: password, encoded: encoded)
            case .pbkdf2SHA256: matches = try PBKDF2SHA256.verify(password: password, encoded: encoded)
            }
            return matches ? .match : .mismatch
        } catch {
            return .unsupported(error.reason)
        }
    }

    /// Splits a stored value into its supported scheme and the encoded remainder.
    static func split(_ stored: String) throws(PasswordHashError) -> (PasswordScheme, String) {
        guard !stored.isEmpty else { throw PasswordHashError("stored password is empty") }
        guard stored.hasPrefix("{"), let close = stored.firstIndex(of: "}") else {
            throw PasswordHashError("stored password has no {SCHEME} prefix; plain-text passwords are never accepted")
        }
        let name = stored[stored.index(after: stored.startIndex)..<close].uppercased()
        let encoded = String(stored[stored.index(after: close)...])
        if let scheme = PasswordScheme(rawValue: name) { return (scheme, encoded) }
        if unsaltedSchemes.contains(name) {
            throw PasswordHashError("scheme {\(name)} is unsalted or plain text and is not accepted; use {SSHA256} or {PBKDF2-SHA256}")
        }
        throw PasswordHashError("unsupported password scheme {\(name)}; use {SSHA256} or {PBKDF2-SHA256}")
    }
}
