import Foundation
import Testing
import ParleyModel

/// The local-time facility that replaced Calendar, TimeZone and DateFormatter. Fixed zones are
/// pure arithmetic and checked exactly here; the system zone's daylight-saving days are checked
/// end to end with `TZ` set on the real binary (`UsageEndToEndTests`), since setting `TZ` inside
/// this process would race every other test that reads the clock.
@Suite struct LocalZoneTests {
    static func at(_ seconds: Int) -> Date { Date(timeIntervalSince1970: Double(seconds)) }
    static let berlinWinter = LocalZone(secondsEastOfUTC: 3600)
    static let newYorkWinter = LocalZone(secondsEastOfUTC: -5 * 3600)

    @Test func civilArithmeticRoundTripsOverFourHundredYearsAndMatchesKnownDays() {
        #expect(CivilTime.days(fromYear: 1970, month: 1, day: 1) == 0)
        #expect(CivilTime.days(fromYear: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilTime.days(fromYear: 1969, month: 12, day: 31) == -1)
        #expect(CivilTime.days(fromYear: 1, month: 1, day: 1) == -719_162)
        #expect(CivilTime.days(fromYear: 9999, month: 12, day: 31) == 2_932_896)
        // Every day from 1900 to 2300 (leap centuries, both kinds) goes there and back.
        var previous: (Int, Int, Int)?
        for days in CivilTime.days(fromYear: 1900, month: 1, day: 1)...CivilTime.days(fromYear: 2300, month: 1, day: 1) {
            let (y, m, d) = CivilTime.civil(fromDays: days)
            #expect(CivilTime.days(fromYear: y, month: m, day: d) == days)
            #expect(CivilTime(year: y, month: m, day: d).isValid || y == 2300)
            if let (py, pm, pd) = previous, d != pd + 1 {
                // A new month starts the day after the last of the previous one.
                #expect(d == 1 && pd == CivilTime.daysInMonth(year: py, month: pm))
                #expect(m == pm % 12 + 1 && y == (pm == 12 ? py + 1 : py))
            }
            previous = (y, m, d)
        }
    }

    @Test func monthLengthsAndLeapYears() {
        #expect(CivilTime.daysInMonth(year: 2024, month: 2) == 29)
        #expect(CivilTime.daysInMonth(year: 2026, month: 2) == 28)
        #expect(CivilTime.daysInMonth(year: 1900, month: 2) == 28)
        #expect(CivilTime.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CivilTime.daysInMonth(year: 2026, month: 4) == 30)
        #expect(CivilTime.daysInMonth(year: 2026, month: 13) == 0)
        #expect(!CivilTime(year: 2026, month: 2, day: 29).isValid)
        #expect(CivilTime(year: 2024, month: 2, day: 29).isValid)
        #expect(!CivilTime(year: 2026, month: 4, day: 31).isValid)
        #expect(!CivilTime(year: 2026, month: 1, day: 1, hour: 24).isValid)
        #expect(!CivilTime(year: 0, month: 1, day: 1).isValid)
        #expect(!CivilTime(year: 10_000, month: 1, day: 1).isValid)
    }

    @Test func stampsAreZeroPaddedInTheZone() {
        let instant = Self.at(1_780_000_000)   // 2026-05-28 20:26:40 UTC
        #expect(LocalZone.utc.minuteStamp(instant) == "2026-05-28 20:26")
        #expect(LocalZone(secondsEastOfUTC: 3 * 3600).minuteStamp(instant) == "2026-05-28 23:26")
        #expect(LocalZone(secondsEastOfUTC: 4 * 3600).dayStamp(instant) == "2026-05-29")
        #expect(LocalZone(secondsEastOfUTC: 5 * 3600 + 1800).minuteStamp(instant) == "2026-05-29 01:56")
        #expect(LocalZone.utc.minuteStamp(Self.at(0)) == "1970-01-01 00:00")
        #expect(LocalZone.utc.minuteStamp(Self.at(-1)) == "1969-12-31 23:59")
        #expect(LocalZone.utc.dayStamp(Self.at(-62_135_596_800)) == "0001-01-01")
        #expect(LocalZone.utc.clockTime(Date(timeIntervalSince1970: 1_735_732_801.234)) == "12:00:01.234")
        #expect(LocalZone.utc.clockTime(Date(timeIntervalSince1970: -0.25)) == "23:59:59.750")
        #expect(LocalZone(secondsEastOfUTC: -5 * 3600).description == "UTC-05:00")
    }

    @Test func hostileDatesAreClampedNotTrapped() {
        for t in [Double.nan, .infinity, -.infinity, 1e300, -1e300, Double(Int.max), Double(Int.min)] {
            let date = Date(timeIntervalSince1970: t)
            for zone in [LocalZone.utc, Self.newYorkWinter, .system] {
                _ = zone.minuteStamp(date)
                _ = zone.clockTime(date)
                _ = zone.startOfDay(containing: date)
                _ = zone.startOfMonth(containing: date)
                _ = zone.secondsEastOfUTC(at: date)
            }
        }
        #expect(LocalZone.utc.dayStamp(Date(timeIntervalSince1970: 1e300)) == "9999-12-31")
        #expect(LocalZone.utc.dayStamp(Date(timeIntervalSince1970: -1e300)) == "0001-01-01")
        #expect(LocalZone.utc.minuteStamp(Date(timeIntervalSince1970: .nan)) == "1970-01-01 00:00")
        #expect(LocalZone.utc.clockTime(Date(timeIntervalSince1970: 1e300)) == "23:59:59.000")
    }

    @Test func startOfDayAndMonthInFixedZones() {
        // 2026-03-01 00:30 in Berlin is still 28 February in UTC.
        let justAfterMidnight = Self.at(CivilTime(year: 2026, month: 2, day: 28, hour: 23, minute: 30).utcSeconds)
        #expect(Self.berlinWinter.dayStamp(justAfterMidnight) == "2026-03-01")
        #expect(Self.berlinWinter.startOfDay(containing: justAfterMidnight)
                == Self.at(CivilTime(year: 2026, month: 2, day: 28, hour: 23).utcSeconds))
        #expect(LocalZone.utc.startOfDay(containing: justAfterMidnight)
                == Self.at(CivilTime(year: 2026, month: 2, day: 28).utcSeconds))
        #expect(Self.berlinWinter.startOfMonth(containing: justAfterMidnight)
                == Self.at(CivilTime(year: 2026, month: 2, day: 28, hour: 23).utcSeconds))
        #expect(LocalZone.utc.startOfMonth(containing: justAfterMidnight)
                == Self.at(CivilTime(year: 2026, month: 2, day: 1).utcSeconds))
        // New Year's Eve evening in New York is already next year in UTC.
        let evening = Self.at(CivilTime(year: 2027, month: 1, day: 1, hour: 3).utcSeconds)
        #expect(Self.newYorkWinter.startOfMonth(containing: evening)
                == Self.at(CivilTime(year: 2026, month: 12, day: 1, hour: 5).utcSeconds))
        #expect(Self.newYorkWinter.startOfDay(year: 2024, month: 2, day: 29)
                == Self.at(CivilTime(year: 2024, month: 2, day: 29, hour: 5).utcSeconds))
        #expect(Self.newYorkWinter.startOfDay(year: 2026, month: 2, day: 29) == nil)
        #expect(Self.newYorkWinter.startOfDay(year: 2026, month: 0, day: 1) == nil)
    }

    @Test func usageDaysParseStrictlyAndRoundTrip() {
        #expect(UsageReport.parseDay("2026-03-01", timeZone: Self.berlinWinter)
                == Self.at(CivilTime(year: 2026, month: 2, day: 28, hour: 23).utcSeconds))
        for bad in ["2026-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "+202-01-01", "2026-01-0x",
                    "２０２６-01-01", "2026-01-01 ", "2026--1-01", ""] {
            #expect(UsageReport.parseDay(bad, timeZone: .utc) == nil, "\(bad)")
        }
        #expect(UsageReport.parseDay("9999-12-31", timeZone: .utc) != nil)
        let day = UsageReport.parseDay("2024-02-29", timeZone: Self.newYorkWinter)
        #expect(day.map { Self.newYorkWinter.dayStamp($0) } == "2024-02-29")
    }

    /// Whatever zone the machine running the tests is in, the system zone's answers hang
    /// together: the day starts at or before the instant, on the same local date, at most a day
    /// (plus a transition) earlier, and what the stamp prints agrees with the offset.
    @Test func systemZoneIsConsistentWithItself() {
        let zone = LocalZone.system
        var t = 1_700_000_000
        while t < 1_800_000_000 {
            let date = Self.at(t)
            let start = zone.startOfDay(containing: date)
            #expect(start <= date)
            #expect(date.timeIntervalSince(start) < 26 * 3600)
            #expect(zone.dayStamp(start) == zone.dayStamp(date))
            let wall = zone.civil(date)
            #expect(wall.utcSeconds - zone.secondsEastOfUTC(at: date) == t)
            #expect(zone.firstInstant(of: wall).map { $0 <= date } == true)
            t += 86_400 * 7 + 3_607
        }
    }
}
