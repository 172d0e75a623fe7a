import Foundation
import Testing

/// The code blocks of docs/writing-a-bot.md that show a file of `Examples/team-bots` are that file, word for word, and
/// every test the guide shows is such a file, so the guide's examples build and pass in CI.
@Suite struct GuideCodeBlockTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyShownFileIsTheFileItself() throws {
        let blocks = try GuideBlocks(path: "docs/writing-a-bot.md", repository: Self.repository)
        let shown = blocks.blocks.filter { $0.file != nil }
        #expect(shown.count >= 6, "the guide walks through the example package's files")
        for block in shown {
            let path = try #require(block.file)
            let text = try String(contentsOf: Self.repository.appendingPathComponent(path), encoding: .utf8)
            #expect(block.text == text, "the block marked '\(path)' (line \(block.line)) differs from the file")
        }
    }

    @Test func everyTestInTheGuideRunsInCI() throws {
        let blocks = try GuideBlocks(path: "docs/writing-a-bot.md", repository: Self.repository)
        let tests = blocks.blocks.filter { $0.text.contains("@Test") }
        #expect(!tests.isEmpty)
        for block in tests {
            let file = block.file ?? ""
            #expect(file.hasPrefix("Examples/team-bots/Tests/"),
                    "the test at line \(block.line) is not the text of a test file of Examples/team-bots")
        }
    }

    @Test func readsMarkedAndUnmarkedBlocks() throws {
        let guide = """
            intro
            <!-- file: A.swift -->
            ```swift
            let a = 1
            ```
            text
            ```sh
            swift test
            ```
            """
        let blocks = GuideBlocks(text: guide)
        #expect(blocks.blocks.map(\.file) == ["A.swift", nil])
        #expect(blocks.blocks.map(\.text) == ["let a = 1\n", "swift test\n"])
        #expect(blocks.blocks.map(\.line) == [3, 7])
    }
}

/// The fenced code blocks of a Markdown file, each with the file it shows when a `<!-- file: PATH -->` line precedes it.
struct GuideBlocks {
    struct Block: Equatable {
        var file: String?
        var text: String
        /// The line of the opening fence, from 1.
        var line: Int
    }

    var blocks: [Block] = []

    init(path: String, repository: URL) throws {
        self.init(text: try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8))
    }

    init(text: String) {
        let lines = text.components(separatedBy: "\n")
        var index = 0
        var marker: String?
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("<!-- file: "), line.hasSuffix(" -->") {
                marker = String(line.dropFirst("<!-- file: ".count).dropLast(" -->".count))
            } else if line.hasPrefix("```") {
                let opening = index
                var body: [String] = []
                index += 1
                while index < lines.count, !lines[index].hasPrefix("```") {
                    body.append(lines[index])
                    index += 1
                }
                blocks.append(Block(file: marker, text: body.map { $0 + "\n" }.joined(), line: opening + 1))
                marker = nil
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                marker = nil
            }
            index += 1
        }
    }
}
