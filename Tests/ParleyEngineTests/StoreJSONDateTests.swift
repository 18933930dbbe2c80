import Foundation
import Testing
@testable import ParleyEngine

/// `--json`'s dates are written without Foundation's ISO 8601 formatter (it reaches ICU through
/// the current time zone) but must read exactly as it wrote them: checked against it here.
@Suite struct StoreJSONDateTests {
    struct Stamped: Encodable { var at: Date }

    static func written(_ date: Date, by encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode([Stamped(at: date)]), as: UTF8.self)
            .filter { !$0.isWhitespace }
    }

    @Test func datesReadAsFoundationsISO8601WroteThem() throws {
        let foundation = JSONEncoder()
        foundation.dateEncodingStrategy = .iso8601
        foundation.outputFormatting = [.sortedKeys]
        var instants: [Double] = [0, -1, -0.5, 0.999, 1_780_000_000, 1_780_000_000.999_9, 951_782_400,
                                  -2_208_988_800, 4_102_444_799, 253_402_300_799]
        var t = -2_000_000_000.25
        while t < 4_000_000_000 { instants.append(t); t += 86_400 * 97 + 3_661.125 }
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            #expect(try Self.written(date, by: StoreJSON.encoder()) == Self.written(date, by: foundation), "\(instant)")
        }
        #expect(LocalZone.utc.iso8601(Date(timeIntervalSince1970: 1_780_000_000)) == "2026-05-28T20:26:40Z")
        #expect(LocalZone(secondsEastOfUTC: -5 * 3600).iso8601(Date(timeIntervalSince1970: 1_780_000_000))
                == "2026-05-28T15:26:40-05:00")
    }
}
