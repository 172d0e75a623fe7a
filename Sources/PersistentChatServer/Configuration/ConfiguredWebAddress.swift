import Foundation

extension KeyedDecodingContainer {
    /// The `http://` or `https://` URL with a host at `key` (an add-in's page, the web client's public address); any
    /// other scheme, a URL without a host and one that carries a user name or password are refused.
    func decodeWebAddress(forKey key: Key) throws -> String {
        let text = try decode(String.self, forKey: key)
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "expected an http:// or https:// URL with a host, got '\(text)'")
        }
        guard let literal = url.encodedHost, WebAddressHost.isPlain(literal) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "the host must be a DNS name (letters, digits, hyphens and dots), an IPv4 address or a bracketed IPv6 address, got '\(url.host ?? "")'")
        }
        guard url.user == nil, url.password == nil else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must not carry a user name or password")
        }
        return text
    }

    /// ``decodeWebAddress(forKey:)`` when `key` is given.
    func decodeWebAddressIfPresent(forKey key: Key) throws -> String? {
        contains(key) ? try decodeWebAddress(forKey: key) : nil
    }
}

/// The hosts a web address may name: nothing that a Content-Security-Policy source list would read as more than one
/// exact host (no `*`, no percent-escapes, no spaces).
enum WebAddressHost {
    /// Whether `host` (as written in the URL, IPv6 in brackets or not) is a DNS name of letter, digit and hyphen labels,
    /// an IPv4 address, or an IPv6 address.
    static func isPlain(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard !bare.isEmpty, bare.count <= 253 else { return false }
        if bare.contains(":") {
            return bare.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return bare.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
