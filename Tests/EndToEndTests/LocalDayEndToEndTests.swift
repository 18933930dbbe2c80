import Foundation
import Testing

/// Local days in the system zone (glibc's `mktime`/`localtime_r` under `TZ`), on the days the
/// clocks change: `parley usage --since DAY --json` prints the instant the local day began.
/// Run in a child process each, since `TZ` cannot be changed safely inside the test process.
@Suite("local days across daylight-saving changes, end to end")
struct LocalDayEndToEndTests {
    @Test(arguments: [
        // New York: the clocks change at 02:00, so each day still starts at midnight, with the
        // offset of before the change.
        ("America/New_York", "2026-03-08", "2026-03-08T05:00:00Z"),
        ("America/New_York", "2026-03-09", "2026-03-09T04:00:00Z"),
        ("America/New_York", "2026-11-01", "2026-11-01T04:00:00Z"),
        ("America/New_York", "2026-11-02", "2026-11-02T05:00:00Z"),
        ("Europe/Berlin", "2026-03-29", "2026-03-28T23:00:00Z"),
        ("Europe/Berlin", "2026-03-30", "2026-03-29T22:00:00Z"),
        ("Europe/Berlin", "2026-10-25", "2026-10-24T22:00:00Z"),
        ("Europe/Berlin", "2026-10-26", "2026-10-25T23:00:00Z"),
        // Havana changes at midnight: in March the day has no 00:00 and begins at 01:00 (CDT);
        // in November 00:00 comes twice and the day begins at the first.
        ("America/Havana", "2026-03-08", "2026-03-08T05:00:00Z"),
        ("America/Havana", "2026-11-01", "2026-11-01T04:00:00Z"),
        ("UTC", "2024-02-29", "2024-02-29T00:00:00Z"),
    ])
    func usageSinceStartsAtTheFirstInstantOfTheLocalDay(zone: String, day: String, expected: String) async throws {
        guard FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/\(zone)") || zone == "UTC" else { return }
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await runParley(["usage", "--since", day, "--json"], environment: home.environment(["TZ": zone]))
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["since"] as? String == expected, "\(zone) \(day): \(result.stdout)")
    }
}
