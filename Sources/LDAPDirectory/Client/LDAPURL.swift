#if canImport(Glibc)
import Glibc
#endif

/// An LDAP server's address: `ldaps://HOST:PORT` (TLS from the first byte) or `ldap://HOST:PORT` (plain, or TLS after
/// StartTLS). Only the scheme, host and port are taken: a DN, attributes or filter in the URL are refused.
public struct LDAPURL: Sendable, Hashable, CustomStringConvertible {
    /// Whether TLS starts with the connection (`ldaps`).
    public let isLDAPS: Bool
    /// The host name or IP address (IPv6 without brackets).
    public let host: String
    /// The port (636 for ldaps, 389 for ldap when the URL gives none).
    public let port: Int

    /// Parses `text`; nil with the reason when it is not an `ldap://` or `ldaps://` URL of a host and optional port.
    public static func parse(_ text: String) -> Result<LDAPURL, LDAPURLError> {
        let trimmed = text.trimmingSpacesAndTabs()
        let lower = trimmed.lowercased()
        let isLDAPS: Bool
        let rest: Substring
        if lower.hasPrefix("ldaps://") {
            isLDAPS = true
            rest = trimmed.dropFirst(8)
        } else if lower.hasPrefix("ldap://") {
            isLDAPS = false
            rest = trimmed.dropFirst(7)
        } else {
            return .failure(LDAPURLError(text: text, reason: "the scheme must be ldaps:// or ldap://"))
        }
        var authority = rest
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.contains("/"), !authority.contains("?"), !authority.contains("@") else {
            return .failure(LDAPURLError(text: text, reason: "give only the host and port (no DN, filter or user)"))
        }
        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                return .failure(LDAPURLError(text: text, reason: "an IPv6 address must end with ']'"))
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return .failure(LDAPURLError(text: text, reason: "expected ':PORT' after ']'")) }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { return .failure(LDAPURLError(text: text, reason: "the host is missing")) }
        var port = isLDAPS ? 636 : 389
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else {
                return .failure(LDAPURLError(text: text, reason: "'\(portText)' is not a port between 1 and 65535"))
            }
            port = number
        }
        return .success(LDAPURL(isLDAPS: isLDAPS, host: String(host), port: port))
    }

    /// Whether the host is a loopback address (an IPv4 literal in 127.0.0.0/8, or `::1`) or `localhost`, where plain
    /// `ldap://` without TLS may be used. A name that merely starts with `127.` is not.
    public var isLoopback: Bool {
        if host.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return false }
        return withUnsafeBytes(of: v6) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
    }

    /// The URL as libldap takes it.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(isLDAPS ? "ldaps" : "ldap")://\(shownHost):\(port)"
    }
}

/// Why a text is not an LDAP server URL.
public struct LDAPURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text given.
    public let text: String
    /// What is wrong with it.
    public let reason: String

    public var description: String { "'\(text)' is not an LDAP URL: \(reason)" }
}

extension String {
    func trimmingSpacesAndTabs() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
