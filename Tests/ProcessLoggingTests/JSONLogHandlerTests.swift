import Foundation
import Logging
import ProcessLogging
import Synchronization
import Testing
import YAMLConfig

/// The JSON log: one object a line with time, level, label, message, source and metadata, whatever the message holds.
struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let items = Mutex<[String]>([])
        var all: [String] { items.withLock { $0 } }
    }

    static func objects(_ lines: Lines) throws -> [[String: Any]] {
        try lines.all.map { line in
            #expect(line.hasSuffix("\n"))
            #expect(line.dropLast().contains("\n") == false, "one record is one line: \(line)")
            return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func eachRecordIsOneJSONObjectOnOneLine() throws {
        let lines = Lines()
        var handler = JSONLogHandler(label: "pchatd") { line in lines.items.withLock { $0.append(line) } }
        handler.logLevel = .debug
        handler[metadataKey: "room"] = "help-desk"
        let logger = Logger(label: "pchatd") { _ in handler }
        logger.info("post refused:\n\"quota\" \\ exceeded", metadata: ["user": "sip:alice@contoso.com", "sizes": [.string("1"), .stringConvertible(2)],
                                                                      "limits": ["posts": "200"]])
        logger.trace("not written")
        logger.warning("plain")
        let records = try Self.objects(lines)
        #expect(records.count == 2)
        let first = try #require(records.first)
        #expect(first["level"] as? String == "info")
        #expect(first["label"] as? String == "pchatd")
        #expect(first["message"] as? String == "post refused:\n\"quota\" \\ exceeded")
        #expect((first["source"] as? String)?.isEmpty == false)
        let metadata = try #require(first["metadata"] as? [String: Any])
        #expect(metadata["room"] as? String == "help-desk")
        #expect(metadata["user"] as? String == "sip:alice@contoso.com")
        #expect(metadata["sizes"] as? [String] == ["1", "2"])
        #expect((metadata["limits"] as? [String: String]) == ["posts": "200"])
        let time = try #require(first["time"] as? String)
        #expect(try Date(time, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)).timeIntervalSinceNow > -60)
        #expect(records[1]["metadata"] == nil || (records[1]["metadata"] as? [String: Any])?["room"] as? String == "help-desk")
    }

    @Test func theFormatComesFromTheOptionThenTheFileThenText() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("log-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("json.yaml").path
        try "domain: contoso.com\nlog_format: json\n".write(toFile: json, atomically: true, encoding: .utf8)
        let bad = folder.appendingPathComponent("bad.yaml").path
        try "log_format: xml\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(ProcessLogging.format(option: nil, configurationFile: json) == .json)
        #expect(ProcessLogging.format(option: .text, configurationFile: json) == .text)
        #expect(ProcessLogging.format(option: nil, configurationFile: bad) == .text)
        #expect(ProcessLogging.format(option: nil, configurationFile: folder.appendingPathComponent("missing.yaml").path) == .text)
    }
}
