import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes each record to a stream as one JSON object on one line: `time` (ISO 8601, UTC,
/// milliseconds), `level`, `label`, `message`, `source` and, when there is any, `metadata` (the handler's, the
/// logger's and the record's, merged; nested values kept as JSON arrays and objects).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: LogOutput

    /// A handler writing to standard error.
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label, output: .standardError)
    }

    /// A handler writing each line to `write` (a test's collector, say).
    public init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.init(label: label, output: LogOutput(write: write))
    }

    init(label: String, output: LogOutput) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var record: [String: Any] = [
            "time": Self.timestamp(Date()),
            "level": event.level.rawValue,
            "label": label,
            "message": event.message.description,
            "source": event.source,
        ]
        if !merged.isEmpty { record["metadata"] = merged.mapValues(Self.json) }
        guard let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        output.write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// `value` as a JSON value: strings as strings, arrays and dictionaries kept, anything else described.
    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(json)
        case .dictionary(let values): values.mapValues(json)
        }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// Where a handler's lines go; each line is written whole, so lines of concurrent records never mix.
struct LogOutput: Sendable {
    let write: @Sendable (String) -> Void

    static let standardError = LogOutput { line in
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }

    private static let lock = Mutex(())
}
