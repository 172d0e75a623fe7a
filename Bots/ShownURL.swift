import Foundation

/// URLs as the shipped bots show them in rooms, logs and option errors: without the query, user name, password or
/// fragment, any of which may hold a token.
enum ShownURL {
    static func of(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "(a URL that cannot be read)" }
        parts.query = nil
        parts.user = nil
        parts.password = nil
        parts.fragment = nil
        return parts.string ?? "(a URL that cannot be read)"
    }
}
