import Foundation
import Testing
import ParleyModel
@testable import ParleyUI

/// The headless tables (usage, models, history, comparisons) and the money rule they share.
@Suite("Headless tables and money")
struct HeadlessTableTests {
    /// Europe/Berlin's winter offset (CET, UTC+1): every date here is in February or March 2026,
    /// before the clocks go forward on 29 March.
    static let zone = LocalZone(secondsEastOfUTC: 3600)

    static func day(_ text: String, hour: Int = 12) -> Date {
        UsageReport.parseDay(text, timeZone: zone)!.addingTimeInterval(Double(hour) * 3_600)
    }

    static func entry(_ model: ModelRef, at time: Date, prompt: Int = 100, completion: Int = 50,
                      estimated: Bool = false, cost: Double? = 0.01) -> LedgerEntry
    {
        LedgerEntry(time: time, conversationID: nil, requestID: RequestID(), model: model,
                    promptTokens: prompt, completionTokens: completion, tokensEstimated: estimated, costUSD: cost,
                    timeToFirstToken: .milliseconds(200), duration: .milliseconds(1200), outcome: .ok)
    }

    @Test func usageTableAlignsAndMarksEstimatesAndUnknownCosts() {
        let report = UsageReport.aggregate([
            Self.entry(fast, at: Self.day("2026-03-01"), prompt: 1_234_567, cost: 1.5),
            Self.entry(ModelRef(provider: "demo", model: "flaky"), at: Self.day("2026-03-01"), estimated: true, cost: nil),
        ], by: .model, timeZone: Self.zone)
        let expected = """
            MODEL       REQUESTS  FAILED   TOKENS IN  TOKENS OUT    COST
            demo:fast          1       0   1,234,567          50   $1.50
            demo:flaky         1       0        ~100         ~50     $0+
            total              2       0  ~1,234,667        ~100  $1.50+
            ~ includes estimated token counts
            + some attempts have no known price; their cost is not included

            """
        #expect(report.renderTable() == expected)
    }

    @Test func usageTableShowsCachedAndReasoningTotalsOnceReported() {
        var thinker = Self.entry(ModelRef(provider: "demo", model: "thinker"), at: Self.day("2026-03-01"),
                                 prompt: 1000, completion: 400)
        thinker.cachedTokens = 600
        thinker.reasoningTokens = 340
        var again = thinker
        again.cachedTokens = nil   // this server did not say
        again.reasoningTokens = 10
        let report = UsageReport.aggregate([thinker, again, Self.entry(fast, at: Self.day("2026-03-01"))],
                                           by: .model, timeZone: Self.zone)
        let expected = """
            MODEL         REQUESTS  FAILED  TOKENS IN  CACHED  TOKENS OUT  REASONING   COST
            demo:thinker         2       0      2,000     600         800        350  $0.02
            demo:fast            1       0        100       0          50          0  $0.01
            total                3       0      2,100     600         850        350  $0.03

            """
        #expect(report.renderTable() == expected)
        #expect(report.total.cachedTokens == 600)
        #expect(report.total.reasoningTokens == 350)
    }

    @Test func formatsMoney() {
        // One rule everywhere (USD.format): cents from a cent up, two significant digits below.
        #expect(USD.format(1) == "$1.00")
        #expect(USD.format(0.98) == "$0.98")
        #expect(USD.format(0.00312) == "$0.0031")
        #expect(USD.format(0) == "$0")
            #expect(USD.format(0.00012) == "$0.00012")
        #expect(USD.format(0.001) == "$0.0010")
        #expect(USD.format(0.5) == "$0.50")
        #expect(USD.format(12.5) == "$12.50")
    }

    @Test func absurdSumsStillRender() {
        let report = UsageReport.aggregate([
            Self.entry(fast, at: Self.day("2026-03-02"), prompt: .max - 10, completion: .max - 10),
            Self.entry(fast, at: Self.day("2026-03-02"), prompt: 100, completion: 100),
        ], by: .model, timeZone: Self.zone)
        #expect(report.renderTable().contains("REQUESTS"))
    }

    @Test func columnsAreMeasuredInTerminalCells() {
        let table = TextTable.render(header: ["ID", "TITLE", "N"], rows: [["a", "日本語", "1"], ["b", "x"]],
                                     rightAligned: [2])
        // A short row's missing cells are empty (a right-aligned one is padded like any other).
        #expect(table == "ID  TITLE   N\n" + "a   日本語  1\n" + "b   x" + String(repeating: " ", count: 8) + "\n")
    }
}
