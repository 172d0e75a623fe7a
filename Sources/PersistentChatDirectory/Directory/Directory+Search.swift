extension Directory {
    /// Users whose display name, given name, surname, mail or SIP address contains `text`
    /// (case-insensitive), in load order, at most `limit` of them. Blank text matches nothing.
    public func findUsers(matching text: String, limit: Int) -> [DirectoryEntry] {
        let needle = text.trimmingSpaces().lowercased()
        guard !needle.isEmpty, limit > 0 else { return [] }
        var found: [DirectoryEntry] = []
        for entry in allEntries where entry.kind == .user {
            let fields = [entry.displayName, entry.givenName, entry.surname, entry.mail, entry.sipAddress]
            if fields.contains(where: { $0?.lowercased().contains(needle) == true }) {
                found.append(entry)
                if found.count == limit { break }
            }
        }
        return found
    }
}
