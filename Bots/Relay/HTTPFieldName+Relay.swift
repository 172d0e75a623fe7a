import HTTPTypes

/// The header fields the relay's presets read.
enum HTTPFieldName {
    static let githubEvent = name("X-GitHub-Event")
    static let githubDelivery = name("X-GitHub-Delivery")
    static let gitlabEvent = name("X-Gitlab-Event")

    private static func name(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("'\(text)' is a valid field name") }
        return name
    }
}
