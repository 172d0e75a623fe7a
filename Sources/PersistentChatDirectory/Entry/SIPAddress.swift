import Foundation

/// Normalization of SIP URIs such as `sip:alice@contoso.com`.
public enum SIPAddress {
    /// The lowercased URI if `text` is `sip:user@host` (surrounding whitespace ignored), else `nil`.
    public static func normalize(_ text: String) -> String? {
        let uri = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard uri.hasPrefix("sip:") else { return nil }
        let address = uri.dropFirst(4)
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) else { return nil }
        return uri
    }
}
