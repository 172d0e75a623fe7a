/// Random salt generation.
enum PasswordSalt {
    /// The salt length used when hashing.
    static let byteCount = 16
    /// The shortest salt accepted in stored values.
    static let minimumByteCount = 8

    /// `byteCount` bytes from the system's cryptographically secure generator.
    static func random() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
