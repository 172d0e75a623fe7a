import Synchronization

/// What test bots report to their test, one record per probe name (each test uses a fresh name).
final class ProbeRecords<Record: Sendable>: Sendable {
    private let empty: Record
    private let records = Mutex<[String: Record]>([:])

    init(_ empty: Record) {
        self.empty = empty
    }

    /// Changes the record of `probe` (an empty one the first time) and returns what `body` returns.
    func update<T>(_ probe: String, _ body: (inout Record) -> T) -> T {
        records.withLock { records in
            var record = records[probe] ?? empty
            defer { records[probe] = record }
            return body(&record)
        }
    }

    /// The record of `probe` as it is now.
    func record(_ probe: String) -> Record { update(probe) { $0 } }
}
