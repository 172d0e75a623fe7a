import Foundation
import PersistentChat

/// Where a running host keeps the ``ConfigurationRecord`` of the configuration it runs: `running.json` in the
/// ledger's folder (`state/` beside host.yaml by default), or in `state/` beside host.yaml with `ledger: off`. So a host
/// whose configuration folder is read-only (/etc) writes it where it keeps its ledger. Written at start and after each
/// reload, removed at stop.
enum RunningRecordFile {
    static func path(for configuration: HostConfiguration) -> String {
        let folder = configuration.ledgerPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
            ?? URL(fileURLWithPath: configuration.sourceFile).deletingLastPathComponent().appendingPathComponent("state")
        return folder.appendingPathComponent("running.json").path
    }

    /// Writes the record; a failure only costs `--dry-run` its comparison, so it is returned for the log, not thrown.
    static func write(_ configuration: HostConfiguration) -> (any Error)? {
        var record = ConfigurationRecord(configuration)
        record.pid = getpid()
        let url = URL(fileURLWithPath: path(for: configuration))
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONEncoder().encode(record).write(to: url, options: .atomic)
            return nil
        } catch {
            return error
        }
    }

    /// The record of the host running with `configuration`'s files, if one runs (its process is alive).
    static func read(for configuration: HostConfiguration) -> ConfigurationRecord? {
        guard let data = FileManager.default.contents(atPath: path(for: configuration)),
              let record = try? JSONDecoder().decode(ConfigurationRecord.self, from: data),
              let pid = record.pid, kill(pid, 0) == 0 else { return nil }
        return record
    }

    static func remove(for configuration: HostConfiguration) {
        try? FileManager.default.removeItem(atPath: path(for: configuration))
    }
}
