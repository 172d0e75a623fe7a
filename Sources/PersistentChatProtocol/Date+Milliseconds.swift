import Foundation

extension Date {
    /// Whole milliseconds since 1970-01-01 UTC, the protocol's time stamps (rounded to the nearest, so that a
    /// time stamp turned into a date and back is unchanged).
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The date of a protocol time stamp: `milliseconds` since 1970-01-01 UTC.
    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
