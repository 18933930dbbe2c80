import Foundation
import Testing
@testable import ParleyGateway

/// HTTP-dates as RFC 9110 §5.6.7 has recipients accept them, for `Retry-After`.
@Suite struct HTTPDateTests {
    /// 1994-11-06 08:49:37 UTC, the RFC's own example.
    static let example = Date(timeIntervalSince1970: 784_111_777)
    static let now = Date(timeIntervalSince1970: 1_780_000_000)   // 2026-05-28

    @Test func theThreeFormsOfTheRFCsExampleAgree() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: Self.now) == Self.example)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: Self.now) == Self.example)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994", now: Self.now) == Self.example)
        #expect(HTTPDate.parse("Sun Nov 16 08:49:37 1994", now: Self.now) == Self.example.addingTimeInterval(10 * 86_400))
    }

    @Test func namesIgnoreCaseAndUTCCountsAsGMT() {
        #expect(HTTPDate.parse("sun, 06 NOV 1994 08:49:37 gmt", now: Self.now) == Self.example)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 UTC", now: Self.now) == Self.example)
        // The day name is not checked against the date (the RFC does not ask recipients to).
        #expect(HTTPDate.parse("Mon, 06 Nov 1994 08:49:37 GMT", now: Self.now) == Self.example)
    }

    @Test func twoDigitYearsAreNeverMoreThanFiftyYearsAhead() {
        func year(_ yy: String, now: Int) -> Int? {
            let nowDate = Date(timeIntervalSince1970: Double(CivilTime(year: now, month: 6, day: 1).utcSeconds))
            return HTTPDate.parse("Sunday, 06-Nov-\(yy) 08:49:37 GMT", now: nowDate).map { LocalZone.utc.civil($0).year }
        }
        #expect(year("94", now: 2026) == 1994)
        #expect(year("26", now: 2026) == 2026)
        #expect(year("76", now: 2026) == 2076)
        #expect(year("77", now: 2026) == 1977)
        #expect(year("00", now: 2099) == 2100)
        #expect(year("49", now: 2099) == 2149)
        #expect(year("50", now: 2099) == 2050)
    }

    @Test func leapDaysLeapYearsAndTheLastSecondOfTheRange() {
        #expect(HTTPDate.parse("Thu, 29 Feb 2024 12:00:00 GMT", now: Self.now) != nil)
        #expect(HTTPDate.parse("Sun, 29 Feb 2026 12:00:00 GMT", now: Self.now) == nil)
        #expect(HTTPDate.parse("Tue, 29 Feb 2100 12:00:00 GMT", now: Self.now) == nil)
        #expect(HTTPDate.parse("Tue, 29 Feb 2000 12:00:00 GMT", now: Self.now) != nil)
        #expect(HTTPDate.parse("Fri, 31 Dec 9999 23:59:59 GMT", now: Self.now)
                == Date(timeIntervalSince1970: 253_402_300_799))
        #expect(HTTPDate.parse("Mon, 01 Jan 0001 00:00:00 GMT", now: Self.now)
                == Date(timeIntervalSince1970: -62_135_596_800))
    }

    @Test(arguments: [
        "", " ", "GMT", "Sun", "Sun,", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Nov 1994 08:49:37 +0000", "Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sun, 06 Nov 1994 08:49:37 GMTX", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 31 Apr 1994 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 06 Nov 0000 08:49:37 GMT", "Sun, 06 Nov 19940 08:49:37 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, -6 Nov 1994 08:49:37 GMT", "Sun, ０６ Nov 1994 08:49:37 GMT", "Sunday, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06-Nov-94 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994",
        "Sun Nov  6 08:49:37 94", "Sun Nov   6 08:49:37 1994", "Sun Nov  6 08:49:37 1994 GMT",
        "Sun\u{0}, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT\u{1B}[2J",
        "Sun, 06 Nov 1994 08:49:37 GMT" + String(repeating: " ", count: 100),
        String(repeating: "Sun, ", count: 10_000), "9223372036854775807", "Sun, 99 Nov 1994 99:99:99 GMT",
    ])
    func malformedOrHostileTextIsNotADate(_ text: String) {
        #expect(HTTPDate.parse(text, now: Self.now) == nil)
    }

    @Test func retryAfterTakesEveryFormAndWaitsTheDifference() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)   // 2023-11-14 22:13:20 UTC
        #expect(RetryAfter.parse(headers: [("Retry-After", "Tuesday, 14-Nov-23 22:13:30 GMT")], now: now) == .seconds(10))
        #expect(RetryAfter.parse(headers: [("Retry-After", "Tue Nov 14 22:13:35 2023")], now: now) == .seconds(15))
        #expect(RetryAfter.parse(headers: [("Retry-After", "Tue, 14 Nov 2023 22:13:00 GMT")], now: now) == .zero)
        #expect(RetryAfter.parse(headers: [("Retry-After", "Tue, 14 Nov 2023 22:13:99 GMT")], now: now) == nil)
    }
}
