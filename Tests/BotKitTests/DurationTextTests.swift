import BotKit
import Testing
import YAMLConfig

@Suite struct DurationTextTests {
    @Test(arguments: [("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)), ("30", .seconds(30)), ("1.5s", .milliseconds(1500)),
                      ("5m", .seconds(300)), ("5min", .seconds(300)), ("2h", .seconds(7200)), (" 10 s ", .seconds(10))])
    func durationsAreRead(text: String, expected: Duration) {
        #expect(ConfigDuration.parse(text) == expected)
    }

    @Test(arguments: ["", "soon", "-1s", "1d", "s", "nan", "inf"])
    func otherTextIsNotADuration(text: String) {
        #expect(ConfigDuration.parse(text) == nil)
    }

    @Test func durationsAreDescribedShortly() {
        #expect(DurationText.describe(.milliseconds(300)) == "300 ms")
        #expect(DurationText.describe(.seconds(30)) == "30 s")
        #expect(DurationText.describe(.seconds(120)) == "2 min")
        #expect(DurationText.describe(.milliseconds(1500)) == "1.5 s")
    }
}
