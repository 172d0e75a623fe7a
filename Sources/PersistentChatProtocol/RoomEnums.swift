/// Who can find and join a room.
public enum ChatRoomPrivacy: String, Sendable, Codable, CaseIterable {
    /// Visible to and joinable by everyone in the category's scope.
    case open
    /// Visible to everyone in scope; only members may join.
    case closed
    /// Visible to and joinable by members only.
    case secret
}

/// Whether everyone may post or only presenters.
public enum ChatRoomBehavior: String, Sendable, Codable, CaseIterable {
    case normal
    /// Only presenters may post.
    case auditorium
}

/// A role a principal holds on a room (Creator is category-wide).
public enum ChatRoomRole: String, Sendable, Codable, CaseIterable {
    case member, manager, presenter, creator
}

/// What the signed-in user may do in a room (the Lync `RoomPermissionMap` flags).
public struct RoomPermissionMap: OptionSet, Sendable, Codable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let canManageRoom = RoomPermissionMap(rawValue: 1)
    public static let canJoin = RoomPermissionMap(rawValue: 2)
    public static let canChat = RoomPermissionMap(rawValue: 4)
    public static let canReadHistory = RoomPermissionMap(rawValue: 8)
    public static let canView = RoomPermissionMap(rawValue: 16)
    public static let canAuditoriumChat = RoomPermissionMap(rawValue: 32)
}
