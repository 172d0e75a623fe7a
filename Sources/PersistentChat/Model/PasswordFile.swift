import Foundation

/// Reads secrets from password files: the first line that is neither blank nor a `#` comment.
public enum PasswordFile {
    /// The password in `text`, or nil when it holds none.
    public static func password(in text: String) -> String? {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
