import Foundation
import PersistentChat

/// Where a running host keeps the ``ConfigurationRecord`` of the configuration it runs: `state/running.json` beside
/// host.yaml. Written at start and after each reload, removed at stop.
enum RunningRecordFile {
    static func path(forHostFile hostFile: String) -> String {
        URL(fileURLWithPath: hostFile).deletingLastPathComponent().appendingPathComponent("state/running.json").path
    }

    /// Writes the record; a failure only costs `--dry-run` its comparison, so it is returned for the log, not thrown.
    static func write(_ configuration: HostConfiguration) -> (any Error)? {
        var record = ConfigurationRecord(configuration)
        record.pid = getpid()
        let url = URL(fileURLWithPath: path(forHostFile: configuration.sourceFile))
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONEncoder().encode(record).write(to: url, options: .atomic)
            return nil
        } catch {
            return error
        }
    }

    /// The record of the host running from `hostFile`, if one runs (its process is alive).
    static func read(forHostFile hostFile: String) -> ConfigurationRecord? {
        guard let data = FileManager.default.contents(atPath: path(forHostFile: hostFile)),
              let record = try? JSONDecoder().decode(ConfigurationRecord.self, from: data),
              let pid = record.pid, kill(pid, 0) == 0 else { return nil }
        return record
    }

    static func remove(forHostFile hostFile: String) {
        try? FileManager.default.removeItem(atPath: path(forHostFile: hostFile))
    }
}
