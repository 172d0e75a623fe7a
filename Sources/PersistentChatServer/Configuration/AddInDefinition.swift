import Crypto
import Foundation
import PersistentChatProtocol

/// An add-in as registered in server.yaml's `add_ins` (Lync `PersistentChatAddIn`): a web page that clients show
/// beside the rooms that name it.
public struct AddInDefinition: Sendable, Equatable {
    /// Unique among add-ins, ignoring case (Lync `DuplicateAddinName`).
    public var name: String
    /// An `http://` or `https://` URL.
    public var url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    /// A GUID stable for the name: a version 5 (SHA-1, name-based) UUID of the lowercased name in
    /// ``identifierNamespace``, so renaming only the case keeps it, and every server gives one name the same id.
    public var id: UUID {
        var input = withUnsafeBytes(of: Self.identifierNamespace.uuid) { Array($0) }
        input += Array(name.lowercased().utf8)
        var bytes = Array(Insecure.SHA1.hash(data: input).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x50
        bytes[8] = bytes[8] & 0x3F | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The namespace of add-in identifiers.
    static let identifierNamespace = UUID(uuid: (0x3f, 0x3d, 0x20, 0x98, 0x70, 0x99, 0x45, 0x50,
                                                 0x85, 0x13, 0x41, 0x52, 0xd6, 0x74, 0x77, 0x45))

    /// The add-in as clients see it.
    var payload: AddInPayload { AddInPayload(id: id.lowercaseText, name: name, url: url) }
}

/// One item of server.yaml's `add_ins` (names are checked against each other by the loader).
extension AddInDefinition: Decodable {
    private enum CodingKeys: String, CodingKey, CaseIterable { case name, url }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decodeName(forKey: .name), url: try container.decodeWebAddress(forKey: .url))
    }
}
