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
