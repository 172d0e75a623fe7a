import Foundation
import HTTPTypes

/// The security headers of every web client response: a Content-Security-Policy that allows the page's own scripts,
/// styles and WebSocket and nothing else, except frames from the registered add-ins' exact origins.
enum WebClientHeaders {
    /// The policy, given the origins (`https://host[:port]`) add-in panes may load from.
    static func contentSecurityPolicy(frameOrigins: [String]) -> String {
        let frames = frameOrigins.isEmpty ? "'none'" : frameOrigins.joined(separator: " ")
        return [
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
            "connect-src 'self'", "font-src 'self'", "manifest-src 'self'", "frame-src \(frames)", "base-uri 'none'",
            "form-action 'none'", "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// The origin of an add-in's URL (`scheme://host[:port]`, lowercased, without a default port), or nil for a URL
    /// that is not http or https with a plain host (``WebAddressHost``): what goes into `frame-src` is always exactly
    /// one origin.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.encodedHost?.lowercased(),
              WebAddressHost.isPlain(host)
        else { return nil }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let defaultPort = scheme == "https" ? 443 : 80
        guard let port = components.port, port != defaultPort else { return "\(scheme)://\(bracketed)" }
        return "\(scheme)://\(bracketed):\(port)"
    }

    /// The headers sent with every file of the client.
    static func fields(frameOrigins: [String]) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = contentSecurityPolicy(frameOrigins: frameOrigins)
        fields[.xContentTypeOptions] = "nosniff"
        fields[.referrerPolicy] = "no-referrer"
        fields[.xFrameOptions] = "DENY"
        fields[.crossOriginOpenerPolicy] = "same-origin"
        fields[.crossOriginResourcePolicy] = "same-origin"
        fields[.permissionsPolicy] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        return fields
    }
}

extension HTTPField.Name {
    // Valid field names written out, so the initialiser cannot fail.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
    static let crossOriginResourcePolicy = HTTPField.Name("Cross-Origin-Resource-Policy")!
    static let permissionsPolicy = HTTPField.Name("Permissions-Policy")!
}
