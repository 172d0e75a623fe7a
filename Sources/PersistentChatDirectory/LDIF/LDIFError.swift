/// A parse error in LDIF input, with the 1-based line where the offending line starts.
public struct LDIFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number.
    public let line: Int
    /// What is wrong, without location (for example `invalid base64 in value of 'userPassword'`).
    public let message: String
    /// The source name (usually a file path), if known.
    public let source: String?

    /// Creates an error at `line`.
    public init(line: Int, message: String, source: String? = nil) {
        self.line = line
        self.message = message
        self.source = source
    }

    /// `PATH:12: message` when the source is known, else `line 12: message`.
    public var description: String {
        if let source { return "\(source):\(line): \(message)" }
        return "line \(line): \(message)"
    }
}
