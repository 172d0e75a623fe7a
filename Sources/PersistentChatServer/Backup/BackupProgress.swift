/// How far a backup, restore or export has come, for a progress display.
public struct BackupProgress: Sendable, Equatable {
    /// What is being copied.
    public enum Stage: String, Sendable {
        /// The database, counted in pages.
        case database
        /// The uploaded files (and, for a restore, the database file), counted in bytes.
        case files
        /// Exported messages, counted one by one.
        case messages
    }

    /// What is being copied now.
    public var stage: Stage
    /// Pages, bytes or messages done, and how many there are in all.
    public var completed: Int64
    public var total: Int64

    /// A report of `completed` of `total` in `stage`.
    public init(stage: Stage, completed: Int64, total: Int64) {
        self.stage = stage
        self.completed = completed
        self.total = total
    }

    /// Whole percent done, 100 when there is nothing to do.
    public var percent: Int {
        total <= 0 ? 100 : Int(min(100, completed * 100 / total))
    }
}
