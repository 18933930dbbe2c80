public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A date and time of day on the proleptic Gregorian calendar, as a wall clock shows it, with
/// the integer arithmetic to go between it and seconds since 1970 (Howard Hinnant's
/// `days_from_civil` / `civil_from_days`, exact for every `Int` day count).
///
/// Parley reads dates this way instead of through `Calendar`, `TimeZone` or `DateFormatter`:
/// those are backed by ICU, and the first `TimeZone.current` alone makes about 3 MB of ICU's code
/// and data resident (docs/performance.md). Parley needs Gregorian dates only.
public struct CivilTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    /// 1…12.
    public var month: Int
    /// 1…31.
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The UTC civil time of `secondsSince1970` (any `Int`: the arithmetic cannot overflow for
    /// the range `LocalZone` feeds it, and divides with floor so times before 1970 work too).
    public init(utcSeconds secondsSince1970: Int) {
        let (days, secondOfDay) = Self.floorDivMod(secondsSince1970, 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        self.init(year: year, month: month, day: day, hour: secondOfDay / 3600,
                  minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// Seconds since 1970 of this wall time read as UTC (what `timegm` computes, without its
    /// `int` year). Fields out of their ranges carry over, as `timegm`'s do.
    public var utcSeconds: Int {
        Self.days(fromYear: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Whether the fields name a real date and time: months 1…12, the month's days (29 February
    /// in leap years only), 00:00:00…23:59:59, years 1…9999 (the range Parley prints and parses).
    public var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month)
            && (1...Self.daysInMonth(year: year, month: month)).contains(day)
            && (0..<24).contains(hour) && (0..<60).contains(minute) && (0..<60).contains(second)
    }

    /// The same day at 00:00:00.
    public var startOfDay: CivilTime { CivilTime(year: year, month: month, day: day) }

    /// `2026-12-03`.
    public var dayStamp: String { "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2))" }

    /// `2026-12-03 14:05`.
    public var minuteStamp: String { "\(dayStamp) \(Self.digits(hour, 2)):\(Self.digits(minute, 2))" }

    public var description: String { "\(dayStamp) \(Self.digits(hour, 2)):\(Self.digits(minute, 2)):\(Self.digits(second, 2))" }

    public static func < (a: CivilTime, b: CivilTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// 28…31 for months 1…12; 0 for any other month, so no day is valid in it.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Days from 1970-01-01 to the given date; months outside 1…12 carry into the year.
    public static func days(fromYear year: Int, month: Int, day: Int) -> Int {
        let (carry, month0) = floorDivMod(month - 1, 12)
        let y = year + carry - (month0 < 2 ? 1 : 0)   // the year counted from March, so February is last
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month0 < 2 ? month0 + 10 : month0 - 2) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01.
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func floorDivMod(_ a: Int, _ b: Int) -> (Int, Int) {
        let r = a % b
        return r < 0 ? (a / b - 1, r + b) : (a / b, r)
    }

    /// `value` in decimal, zero-padded to `width` (a minus sign first when negative).
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value.magnitude)
        let padded = text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        return value < 0 ? "-" + padded : padded
    }
}

/// The zone whose wall clock Parley shows and counts days in: the system's (`TZ`, else
/// `/etc/localtime`, through glibc's `localtime_r` and `mktime`) or a fixed offset from UTC
/// (pure arithmetic: what tests and benchmarks inject so their output does not depend on the
/// machine). A plain value, `Sendable`, and cheap to use for every row of every frame.
public struct LocalZone: Sendable, Hashable, CustomStringConvertible {
    private enum Rule: Sendable, Hashable {
        case system
        case fixed(secondsEast: Int)
    }

    private let rule: Rule

    /// The process's zone, as glibc reads it once (`TZ`, else `/etc/localtime`), like
    /// `TimeZone.current`.
    public static let system = LocalZone(rule: .system)
    public static let utc = LocalZone(secondsEastOfUTC: 0)

    private init(rule: Rule) { self.rule = rule }

    /// A zone always `seconds` east of UTC (no daylight saving), kept within ±24 hours.
    public init(secondsEastOfUTC seconds: Int) {
        rule = .fixed(secondsEast: min(max(seconds, -86_399), 86_399))
    }

    public var description: String {
        switch rule {
        case .system: return "system"
        case .fixed(let east):
            return "UTC" + Self.offsetText(east)
        }
    }

    /// The earliest and latest instants Parley reads as a date: 0001-01-01 and 9999-12-31 UTC,
    /// the years `CivilTime.isValid` allows. A `Date` from outside (a stored row, a server) may be
    /// anything, NaN and infinities included; it is clamped into this range rather than trapping.
    public static let supportedSeconds = -62_135_596_800...253_402_300_799

    /// Whole seconds since 1970 of `date`, rounded down and clamped to `supportedSeconds`
    /// (NaN reads as 1970).
    static func seconds(_ date: Date) -> Int {
        let t = date.timeIntervalSince1970
        guard !t.isNaN else { return 0 }
        let bounds = supportedSeconds
        if t <= Double(bounds.lowerBound) { return bounds.lowerBound }
        if t >= Double(bounds.upperBound) { return bounds.upperBound }
        return Int(t.rounded(.down))
    }

    /// Seconds east of UTC at `date` (daylight saving included for the system zone).
    public func secondsEastOfUTC(at date: Date) -> Int {
        offset(at: Self.seconds(date))
    }

    /// The wall clock at `date`, seconds rounded down.
    public func civil(_ date: Date) -> CivilTime {
        civil(at: Self.seconds(date))
    }

    /// The first instant the wall clock shows `civil` or, when the clock skips it (a daylight-
    /// saving gap), the first instant after it; nil if `civil` is not a valid date and time.
    public func firstInstant(of civil: CivilTime) -> Date? {
        guard civil.isValid else { return nil }
        return Date(timeIntervalSince1970: Double(firstSecond(of: civil)))
    }

    /// The first instant of the local day containing `date`: usually its midnight; where
    /// midnight is skipped (America/Havana in March), the moment the day begins.
    public func startOfDay(containing date: Date) -> Date {
        let day = civil(date).startOfDay
        return Date(timeIntervalSince1970: Double(firstSecond(of: day)))
    }

    /// The first instant of the local day `year-month-day`, or nil if there is no such date.
    public func startOfDay(year: Int, month: Int, day: Int) -> Date? {
        firstInstant(of: CivilTime(year: year, month: month, day: day))
    }

    /// The first instant of the local month containing `date`.
    public func startOfMonth(containing date: Date) -> Date {
        let now = civil(date)
        return Date(timeIntervalSince1970: Double(firstSecond(of: CivilTime(year: now.year, month: now.month, day: 1))))
    }

    /// `2026-12-03`, the local day of `date`.
    public func dayStamp(_ date: Date) -> String { civil(date).dayStamp }

    /// `2026-12-03 14:05`, local time of `date`.
    public func minuteStamp(_ date: Date) -> String { civil(date).minuteStamp }

    /// `2026-12-03T14:05:09Z` (UTC; `+01:00` and the like elsewhere), seconds rounded down: the
    /// form `JSONEncoder`'s `.iso8601` strategy writes.
    public func iso8601(_ date: Date) -> String {
        let wall = civil(date)
        let east = secondsEastOfUTC(at: date)
        return "\(wall.dayStamp)T\(CivilTime.digits(wall.hour, 2)):\(CivilTime.digits(wall.minute, 2)):"
            + "\(CivilTime.digits(wall.second, 2))\(east == 0 ? "Z" : Self.offsetText(east))"
    }

    /// `+05:30`, `-05:00` for an offset in seconds east of UTC (under a day, as every offset
    /// here is: fixed ones are clamped, glibc's are real zones').
    private static func offsetText(_ east: Int) -> String {
        let size = abs(east)
        return "\(east < 0 ? "-" : "+")\(CivilTime.digits(size / 3600, 2)):\(CivilTime.digits(size % 3600 / 60, 2))"
    }

    /// `14:05:09.123`, local time of `date` to the millisecond (rounded down).
    public func clockTime(_ date: Date) -> String {
        let wall = civil(date)
        // Milliseconds counted from 1970 and rounded down, so `.234` stays `.234` whatever the
        // binary fraction, and times before 1970 count up within their second too.
        var millis = 0
        if let total = Int(exactly: (date.timeIntervalSince1970 * 1000).rounded(.down)) {
            millis = CivilTime.floorDivMod(total, 1000).1
        }
        return "\(CivilTime.digits(wall.hour, 2)):\(CivilTime.digits(wall.minute, 2)):"
            + "\(CivilTime.digits(wall.second, 2)).\(CivilTime.digits(millis, 3))"
    }

    // MARK: The two rules

    private func offset(at seconds: Int) -> Int {
        switch rule {
        case .fixed(let east): return east
        case .system: return Self.systemLocal(seconds)?.secondsEast ?? 0
        }
    }

    private func civil(at seconds: Int) -> CivilTime {
        switch rule {
        case .fixed(let east):
            return CivilTime(utcSeconds: seconds + east)
        case .system:
            // glibc fails only outside its `int` years, which `supportedSeconds` excludes; UTC
            // then is still a sensible answer.
            return Self.systemLocal(seconds)?.civil ?? CivilTime(utcSeconds: seconds)
        }
    }

    /// Seconds since 1970 of the first instant whose wall clock shows `civil` or later (for a
    /// valid `civil`).
    private func firstSecond(of civil: CivilTime) -> Int {
        switch rule {
        case .fixed(let east):
            return civil.utcSeconds - east
        case .system:
            return systemFirstSecond(of: civil)
        }
    }

    /// `mktime` with `tm_isdst = -1` finds the wall time if it exists, but where it occurs twice
    /// (the hour repeated when clocks go back) or never (the hour skipped when they go forward)
    /// the C standard leaves open which instant it returns. Parley wants the first instant that
    /// shows `civil` or later, as `Calendar.startOfDay` gives: check mktime's answer against
    /// `localtime_r` and correct it.
    private func systemFirstSecond(of civil: CivilTime) -> Int {
        let guess = Self.systemMktime(civil) ?? (civil.utcSeconds - offset(at: civil.utcSeconds))
        let shown = self.civil(at: guess)
        if shown == civil {
            // The same wall time may have come round earlier, before the clock went back.
            let before = guess - 3 * 3600
            let earlier = guess - (offset(at: before) - offset(at: guess))
            if earlier < guess, self.civil(at: earlier) == civil { return earlier }
            return guess
        }
        // A gap: the first second in the neighbourhood whose wall clock is at or past `civil`.
        // Wall time only moves forward within a few hours of a single transition, so a binary
        // search finds the instant the clock jumped.
        var low = guess - 3 * 3600, high = guess + 3 * 3600
        guard self.civil(at: low) < civil, civil <= self.civil(at: high) else { return guess }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if self.civil(at: middle) < civil { low = middle } else { high = middle }
        }
        return high
    }

    private static func systemLocal(_ seconds: Int) -> (civil: CivilTime, secondsEast: Int)? {
        var time = time_t(seconds)
        var fields = tm()
        // localtime_r, unlike localtime, need not re-read TZ on every call (glibc does not): it
        // is the cheap one to call for every row of a frame.
        guard localtime_r(&time, &fields) != nil else { return nil }
        let civil = CivilTime(year: Int(fields.tm_year) + 1900, month: Int(fields.tm_mon) + 1, day: Int(fields.tm_mday),
                              hour: Int(fields.tm_hour), minute: Int(fields.tm_min), second: Int(fields.tm_sec))
        return (civil, Int(fields.tm_gmtoff))
    }

    private static func systemMktime(_ civil: CivilTime) -> Int? {
        guard let year = Int32(exactly: civil.year - 1900) else { return nil }
        var fields = tm()
        fields.tm_year = year
        fields.tm_mon = Int32(truncatingIfNeeded: civil.month - 1)   // valid: 0…11
        fields.tm_mday = Int32(truncatingIfNeeded: civil.day)
        fields.tm_hour = Int32(truncatingIfNeeded: civil.hour)
        fields.tm_min = Int32(truncatingIfNeeded: civil.minute)
        fields.tm_sec = Int32(truncatingIfNeeded: civil.second)
        fields.tm_isdst = -1   // let the zone's rules say whether daylight saving applies
        let result = mktime(&fields)
        // -1 is also 1969-12-31 23:59:59 UTC, a real answer in one zone of many: the caller's
        // check against localtime_r sorts that out.
        return result == -1 ? nil : Int(result)
    }
}
