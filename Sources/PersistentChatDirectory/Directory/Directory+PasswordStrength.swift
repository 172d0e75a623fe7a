extension Directory {
    /// How many weak entries a warning names before it only counts the rest.
    static let weakEntriesNamed = 20

    /// The entries whose `userPassword` is weaker than new hashes (``PasswordCost/isWeak``), in load order.
    public var entriesWithWeakPasswordHashes: [DirectoryEntry] {
        allEntries.filter { entry in
            entry.passwordHash.flatMap { PasswordCost(of: $0) }?.isWeak ?? false
        }
    }

    /// Logs one warning naming the entries (DNs) whose `userPassword` is weak; they still sign in.
    func warnAboutWeakPasswordHashes() {
        let weak = entriesWithWeakPasswordHashes
        guard !weak.isEmpty else { return }
        let named = weak.prefix(Self.weakEntriesNamed).map { "\($0.dn)" }.joined(separator: "; ")
        let more = weak.count > Self.weakEntriesNamed ? " and \(weak.count - Self.weakEntriesNamed) more" : ""
        logger.warning(
            "\(weak.count) userPassword values use a weak scheme ({SSHA256}, or fewer than \(PasswordHash.defaultPBKDF2Iterations) PBKDF2-SHA256 iterations); they still sign in, but rehash them with `pchatd hash-password`",
            metadata: ["entries": "\(named)\(more)"])
    }
}
