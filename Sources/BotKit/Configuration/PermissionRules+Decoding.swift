/// An allow-list entry as a room file writes it: `sip:URI`, `group:NAME` or `role:ROLE`.
extension PermissionRules.Principal: Decodable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let principal = Self(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected sip:URI (with * wildcards), group:NAME or role:manager|presenter|member, got '\(text)'")
        }
        self = principal
    }
}
