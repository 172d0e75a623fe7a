import PersistentChatProtocol
import YAMLConfig

/// One item of server.yaml's `rooms` (its category is checked against the file's categories by the loader).
extension RoomDefinition: Decodable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, category, description, privacy, behavior, members, managers, presenters, addIn = "add_in"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decodeName(forKey: .name),
                  category: try container.decode(String.self, forKey: .category),
                  description: try container.decodeDescription(forKey: .description),
                  privacy: try container.decodeChoiceIfPresent(ChatRoomPrivacy.self, forKey: .privacy) ?? .closed,
                  behavior: try container.decodeChoiceIfPresent(ChatRoomBehavior.self, forKey: .behavior) ?? .normal,
                  members: try container.decodeIfPresent([String].self, forKey: .members) ?? [],
                  managers: try container.decodeIfPresent([String].self, forKey: .managers) ?? [],
                  presenters: try container.decodeIfPresent([String].self, forKey: .presenters) ?? [],
                  addIn: try container.decodeIfPresent(String.self, forKey: .addIn))
        if behavior == .normal, !presenters.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .presenters, in: container,
                                                   debugDescription: "presenters only apply to rooms with behavior: auditorium")
        }
    }
}
