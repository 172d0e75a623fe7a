import GRDB

/// The full-text index over message text and story titles (migration v3).
enum HistorySearchSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        // Filled in by the history-search work.
    }
}
