import Foundation

extension CronExpression {
    /// How far ahead a slot is looked for (a 29 February on a Monday can be more than six years away).
    static let horizonDays = 366 * 12

    /// The first slot strictly after `instant`, on the wall clock of `timeZone`; nil when none comes within
    /// ``horizonDays`` (an expression such as `0 0 31 2 *`).
    ///
    /// Daylight-saving changes: a slot that does not exist that day (the clock jumps over it) falls on the first
    /// minute after the jump, once however many slots the jump swallowed; a slot that exists twice (the clock goes
    /// back over it) falls on its first occurrence only.
    package func nextSlot(after instant: Date, in timeZone: TimeZone) -> Date? {
        let after = instant.timeIntervalSince1970
        let offset = timeZone.secondsFromGMT(for: instant)
        let wallAfter = after + Double(offset)
        // No offset change within a day either side: a wall time at or before `wallAfter` is an instant at or before
        // `after`, so the day's earlier minutes are passed over without working out their instants.
        let steady = [-86_400.0, 86_400].allSatisfy { timeZone.secondsFromGMT(for: instant.addingTimeInterval($0)) == offset }
        let firstDay = Int((wallAfter / 86_400).rounded(.down))
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        for day in firstDay...(firstDay + Self.horizonDays) {
            let (_, month, dayOfMonth) = Self.civil(fromDays: day)
            // 1 January 1970 was a Thursday (4, with Sunday 0).
            let weekday = ((day % 7) + 11) % 7
            guard runs(onDay: dayOfMonth, month: month, weekday: weekday) else { continue }
            for hour in sortedHours {
                for minute in sortedMinutes {
                    let wall = Double(day * 86_400 + hour * 3_600 + minute * 60)
                    // Otherwise offsets change by hours at most: wall times well before the start cannot come after it.
                    if steady ? wall <= wallAfter : wall < wallAfter - 86_400 { continue }
                    let slot = Self.instant(ofWallTime: wall, in: timeZone)
                    if slot > after { return Date(timeIntervalSince1970: slot) }
                }
            }
        }
        return nil
    }

    /// The instant (seconds since 1970) of the wall-clock time `wall` (seconds since 1970 as if UTC) in `timeZone`:
    /// the earlier of two when the clock went back over it; the end of the jump when the clock jumped over it.
    static func instant(ofWallTime wall: Double, in timeZone: TimeZone) -> Double {
        let before = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 86_400))
        let later = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + 86_400))
        let valid = Set([before, later]).map { wall - Double($0) }.filter { candidate in
            Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: candidate))) == wall - candidate
        }
        if let first = valid.min() { return first }
        // In a jump: the clock reads `wall` at no instant; the jump ends at the transition.
        let earliest = wall - Double(max(before, later)) - 1
        if let transition = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: earliest)) {
            return transition.timeIntervalSince1970
        }
        return wall - Double(later)
    }

    /// The proleptic Gregorian date of day `days` since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
