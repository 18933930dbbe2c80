import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

@Suite struct UsageOverlayTests {
    /// Twenty models, each dearer than the next, on a screen that holds a few of them.
    private func usageOpen(width: Int = 100, height: Int = 12) -> AppState {
        var s = makeState(width: width, height: height)
        s.press(.function(5))
        let rows = (0..<20).map { i in
            UsageRow(key: "demo:model-\(String(format: "%02d", i))", requests: 3, failures: 1, promptTokens: 100,
                     completionTokens: 50, costUSD: Double(20 - i) / 100)
        }
        _ = reduce(&s, .usageLoaded(today: rows, allTime: rows))
        return s
    }

    @Test func scrollsWithTheMovementKeysAndClosesOnlyOnEscOrQ() {
        var s = usageOpen()
        var rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("Usage — ↑↓ PgUp PgDn scroll · Esc or q closes") })
        #expect(rows.contains { $0.contains("demo:model-00") })
        #expect(!rows.contains { $0.contains("demo:model-19") })
        let visible = UsageView.modelRows(s)
        #expect(rows.contains { $0.contains("total (1–\(visible) of 20)") })
        s.press(.down)
        #expect(s.overlay == .usage(scroll: 1))
        s.press(.pageDown)
        #expect(s.overlay == .usage(scroll: 1 + visible))
        s.press(.ctrlEnd)
        rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("demo:model-19") } && !rows.contains { $0.contains("demo:model-00") })
        #expect(rows.contains { $0.contains("of 20)") })
        s.press(.pageUp, .up)
        #expect(s.overlay == .usage(scroll: 20 - visible - visible - 1))
        s.press(.home)
        #expect(s.overlay == .usage(scroll: 0))
        _ = reduce(&s, .input(.scroll(lines: 4)))
        #expect(s.overlay == .usage(scroll: 4))
        // Other keys do nothing; q and Esc close.
        s.type("x")
        #expect(s.overlay == .usage(scroll: 4))
        s.type("q")
        #expect(s.overlay == nil)
        var t = usageOpen()
        t.press(.escape)
        #expect(t.overlay == nil)
    }

    @Test func aShortListFitsAndSaysHowToClose() {
        var s = makeState(width: 100, height: 24)
        s.press(.function(5))
        _ = reduce(&s, .usageLoaded(today: [], allTime: [UsageRow(key: "demo:fast", requests: 1, promptTokens: 5)]))
        let rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("Usage — Esc or q closes") })
        #expect(rows.contains { $0.contains("total") && !$0.contains(" of ") })
        s.press(.down, .pageDown)
        #expect(s.overlay == .usage(scroll: 0))
    }

    /// A model whose every attempt failed shows its requests and failures, at 80 columns and on
    /// a narrow screen too, where token columns give way before the counts.
    @Test func aModelThatOnlyFailedShowsItsFailures() {
        for width in [80, 60] {
            var s = makeState(width: width, height: 16)
            s.press(.function(5))
            let broken = UsageRow(key: "demo:broken", requests: 3, failures: 3)
            let fine = UsageRow(key: "demo:fast", requests: 2, promptTokens: 10, completionTokens: 20, costUSD: 0.01)
            _ = reduce(&s, .usageLoaded(today: [broken, fine], allTime: [broken, fine]))
            let rows = render(s).trimmedRows
            let heading = rows.first { $0.contains("model") && $0.contains("req") }
            #expect(heading?.contains("failed") == true, "\(width): \(rows)")
            let row = rows.first { $0.contains("demo:broken") }
            let figures = row?.split(separator: " ").map(String.init) ?? []
            // req 3, failed 3: the last figures of the row (cached and reasoning give way first).
            #expect(figures.contains("3") && figures.filter { $0 == "3" }.count == 2, "\(width): \(row ?? "none")")
        }
    }
}
