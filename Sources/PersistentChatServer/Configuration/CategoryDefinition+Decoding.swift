/// One item of server.yaml's `categories`.
extension CategoryDefinition: Decodable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, scope, creators, invitations, fileUpload = "file_upload", history
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decodeName(forKey: .name),
                  description: try container.decodeDescription(forKey: .description),
                  scope: try container.decodeIfPresent([String].self, forKey: .scope) ?? [],
                  creators: try container.decodeIfPresent([String].self, forKey: .creators) ?? [],
                  invitations: try container.decodeIfPresent(Bool.self, forKey: .invitations) ?? true,
                  fileUpload: try container.decodeIfPresent(Bool.self, forKey: .fileUpload) ?? true,
                  history: try container.decodeIfPresent(Bool.self, forKey: .history) ?? true)
    }
}
