/// Why a stored `userPassword` value cannot be used for verification.
public struct PasswordHashError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the stored value (never includes the value itself).
    public let reason: String

    /// Creates an error with `reason`.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}
