public import Foundation
import ParleyModel

/// HTTP-dates (RFC 9110 §5.6.7), as a `Retry-After` header may carry one, parsed by hand: a
/// `DateFormatter` would load ICU (about 3 MB resident) for a header that rarely comes.
///
/// All three forms the RFC obliges a recipient to accept:
/// - IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT` (what senders must generate);
/// - RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`, its two-digit year read as the RFC says;
/// - asctime: `Sun Nov  6 08:49:37 1994`.
///
/// Names are matched without regard to case, and `UTC` is taken for `GMT` (servers send it). The
/// day name is not checked against the date: a wrong one changes nothing about when to retry.
/// Anything else — other zones, missing fields, out-of-range values (31 April, 24:00), years
/// outside 1…9999, anything over 64 bytes — is not a date: nil.
public enum HTTPDate {
    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        let bytes = Array(text.utf8.prefix(65))
        guard bytes.count <= 64 else { return nil }
        // Each form reads from the start; the first that reads the whole text wins.
        var imf = Reader(bytes: bytes), rfc850 = Reader(bytes: bytes), asctime = Reader(bytes: bytes)
        guard let civil = imf.imfFixdate() ?? rfc850.rfc850(now: now) ?? asctime.asctime(),
              civil.isValid else { return nil }
        return Date(timeIntervalSince1970: Double(civil.utcSeconds))
    }

    private static let shortDays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let longDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// A cursor over the header's bytes; every step either consumes what it expects or fails.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func literal(_ text: String) -> Bool {
            for expected in text.utf8 {
                guard index < bytes.count, lower(bytes[index]) == expected else { return false }
                index += 1
            }
            return true
        }

        /// The longest letters-only word here, lowercased.
        mutating func word() -> String {
            var out: [UInt8] = []
            while index < bytes.count, (0x61...0x7A).contains(lower(bytes[index])) {
                out.append(lower(bytes[index]))
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// Exactly `count` ASCII digits.
        mutating func number(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            return value
        }

        mutating func month() -> Int? {
            let name = word()
            return HTTPDate.months.firstIndex(of: name).map { $0 + 1 }
        }

        /// `HH:MM:SS`, checked later by `CivilTime.isValid`.
        mutating func timeOfDay() -> (Int, Int, Int)? {
            guard let hour = number(2), literal(":"), let minute = number(2), literal(":"),
                  let second = number(2) else { return nil }
            return (hour, minute, second)
        }

        mutating func zone() -> Bool {
            let name = word()
            return (name == "gmt" || name == "utc") && atEnd
        }

        /// `Sun, 06 Nov 1994 08:49:37 GMT`
        mutating func imfFixdate() -> CivilTime? {
            guard HTTPDate.shortDays.contains(word()), literal(", "), let day = number(2), literal(" "),
                  let month = month(), literal(" "), let year = number(4), literal(" "),
                  case let (hour, minute, second)? = timeOfDay(), literal(" "), zone() else { return nil }
            return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        }

        /// `Sunday, 06-Nov-94 08:49:37 GMT`. RFC 9110: a two-digit year that would be more than
        /// 50 years in the future is the most recent past year with those digits.
        mutating func rfc850(now: Date) -> CivilTime? {
            guard HTTPDate.longDays.contains(word()), literal(", "), let day = number(2), literal("-"),
                  let month = month(), literal("-"), let twoDigits = number(2), literal(" "),
                  case let (hour, minute, second)? = timeOfDay(), literal(" "), zone() else { return nil }
            let thisYear = LocalZone.utc.civil(now).year
            var year = thisYear - thisYear % 100 + twoDigits
            if year > thisYear + 50 { year -= 100 } else if year <= thisYear - 50 { year += 100 }
            return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        }

        /// `Sun Nov  6 08:49:37 1994` (a one-digit day after two spaces) or `Sun Nov 16 …`.
        mutating func asctime() -> CivilTime? {
            guard HTTPDate.shortDays.contains(word()), literal(" "), let month = month(), literal(" ") else {
                return nil
            }
            let day: Int
            if literal(" ") {
                guard let digit = number(1) else { return nil }
                day = digit
            } else {
                guard let digits = number(2) else { return nil }
                day = digits
            }
            guard literal(" "), case let (hour, minute, second)? = timeOfDay(), literal(" "), let year = number(4),
                  atEnd else { return nil }
            return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        }

        private func lower(_ byte: UInt8) -> UInt8 {
            (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
        }
    }
}
