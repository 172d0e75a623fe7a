/// A problem found while loading a directory, naming the source and line when known.
public struct DirectoryLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source name (usually the LDIF path), if known.
    public let source: String?
    /// The 1-based line, if the problem belongs to a line.
    public let line: Int?
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(source: String? = nil, line: Int? = nil, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    /// A copy with `source` set (if not already set).
    func withSource(_ source: String) -> DirectoryLoadError {
        DirectoryLoadError(source: self.source ?? source, line: line, message: message)
    }

    /// `PATH:LINE: message`, omitting the parts that are unknown.
    public var description: String {
        switch (source, line) {
        case let (source?, line?): return "\(source):\(line): \(message)"
        case let (source?, nil): return "\(source): \(message)"
        case let (nil, line?): return "line \(line): \(message)"
        case (nil, nil): return message
        }
    }
}
