/// The outcome of checking a password against a stored `userPassword` value.
public enum PasswordVerification: Sendable, Equatable {
    /// The password matches.
    case match
    /// The password does not match.
    case mismatch
    /// The stored value cannot be used (plain text, unsalted, unknown scheme or malformed); the reason says why.
    case unsupported(String)
}
