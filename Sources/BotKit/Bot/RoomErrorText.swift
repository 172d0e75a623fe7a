import CurlHTTP

/// Error text fit for a room: what went wrong, without the internal addresses and URLs an error may name (the log
/// keeps the whole error). The host uses it for what it posts to rooms; bots should too.
public enum RoomErrorText {
    /// A ``CurlHTTPError``'s ``CurlHTTPError/summary``; any other error's description with every URL, IP address and
    /// `host:port` replaced by `(an address)`.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? CurlHTTPError { return error.summary }
        return redacting(String(describing: error))
    }

    /// `text` with every URL, IP address and `host:port` replaced by `(an address)`.
    public static func redacting(_ text: String) -> String {
        var text = text
        for pattern in patterns { text.replace(pattern, with: "(an address)") }
        return text
    }

    /// URLs, bracketed IPv6 literals, IPv4 literals, bare IPv6 literals and names with a port, in that order.
    private static var patterns: [Regex<AnyRegexOutput>] {
        [
            Regex(#/[A-Za-z][A-Za-z0-9+.\-]*:\/\/[^\s'"<>]+/#),
            Regex(#/\[[0-9A-Za-z:.%]+\](:[0-9]+)?/#),
            Regex(#/\b[0-9]{1,3}(\.[0-9]{1,3}){3}(:[0-9]+)?\b/#),
            Regex(#/[0-9A-Fa-f]{0,4}::[0-9A-Fa-f:.]*|\b([0-9A-Fa-f]{1,4}:){4,7}[0-9A-Fa-f]{1,4}\b/#),
            Regex(#/\b(localhost|[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+):[0-9]{1,5}\b/#),
        ]
    }
}
