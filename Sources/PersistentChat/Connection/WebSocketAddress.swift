import Foundation

/// Where a ``ServerConnection`` connects: `ws://HOST:PORT/PATH` or `wss://…`, taken apart.
package struct WebSocketAddress: Sendable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var path: String
    /// `wss://`: the connection is wrapped in TLS.
    package var secure: Bool

    /// Parses `text`; anything but a `ws://` or `wss://` URL with a host is refused with what was wrong.
    package init(_ text: String) throws(PersistentChatError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .invalidArgument("'\(text)' is not a server address; expected ws://HOST:PORT")
        }
        switch scheme {
        case "ws": secure = false
        case "wss": secure = true
        default: throw .invalidArgument("'\(text)' is not a server address: the scheme must be ws or wss, not \(scheme)")
        }
        var host = components.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw .invalidArgument("'\(text)' is not a server address: it names no host") }
        self.host = host
        port = components.port ?? (secure ? 443 : 80)
        path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { path += "?" + query }
    }

    /// The `Host` header's value.
    package var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(name):\(port)"
    }

    package var description: String { "\(secure ? "wss" : "ws")://\(hostHeader)\(path)" }
}
