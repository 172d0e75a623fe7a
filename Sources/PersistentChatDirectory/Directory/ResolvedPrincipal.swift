/// A principal reference matched to its directory entry.
public struct ResolvedPrincipal: Sendable, Hashable {
    /// The reference as given.
    public let reference: PrincipalReference
    /// The entry it names.
    public let entry: DirectoryEntry

    /// The entry's kind (for DN references: user, group, organizationalUnit or domain).
    public var kind: DirectoryObjectKind { entry.kind }
}
