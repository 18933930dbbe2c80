import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

/// The thinking block: live while only thinking arrives, folded to one line once the answer
/// begins, shown in full with `toggle_reasoning`, and the same per lane in comparison panes.
@Suite struct ThinkingTests {
    let thinker = ModelRef(provider: "demo", model: "thinker")

    private func event(_ s: inout AppState, _ request: RequestID, at seconds: Double, lane: Int = 0,
                       _ kind: EngineEvent.Kind) {
        _ = reduce(&s, .engine(EngineEvent(request: request, lane: lane, time: epoch.addingTimeInterval(seconds),
                                           kind: kind)))
    }

    /// Starts a turn and streams two pieces of thinking, 0.5 s and 3.7 s after the first.
    private func thinking(_ s: inout AppState, lane: Int = 0, request: RequestID) {
        event(&s, request, at: 0, lane: lane, .attemptStarted(model: thinker, attempt: 1))
        event(&s, request, at: 0.4, lane: lane, .thinking(model: thinker, latency: .milliseconds(400)))
        event(&s, request, at: 0.4, lane: lane, .reasoningDelta(model: thinker, text: "The user greets me.\n"))
        event(&s, request, at: 4.1, lane: lane, .reasoningDelta(model: thinker, text: "I should greet back."))
    }

    private func finish(_ s: inout AppState, request: RequestID, lane: Int = 0) {
        event(&s, request, at: 12.8, lane: lane, .firstToken(model: thinker, latency: .milliseconds(12_800)))
        event(&s, request, at: 12.8, lane: lane, .textDelta(model: thinker, text: "Hello!"))
        event(&s, request, at: 13.0, lane: lane, .finished(.init(
            model: thinker, text: "Hello!", usage: Usage(promptTokens: 12, completionTokens: 350, reasoningTokens: 340),
            usageEstimated: false, cost: 0.0007, timeToFirstToken: .milliseconds(400), duration: .seconds(13),
            reasoning: "The user greets me.\nI should greet back.", timeToFirstAnswer: .milliseconds(12_800))))
    }

    @Test func streamsLiveWhileThinkingAndTheStatusBarSaysSo() throws {
        var s = makeState(width: 48, height: 12)
        let r = try s.sent("hi")
        thinking(&s, request: r)
        let rows = render(s).trimmedRows
        #expect(Array(rows.prefix(7)) == [
            "▌ you",
            "  hi",
            "",
            "◆ demo:thinker  streaming…",
            "  thinking… 3.7 s · 2 tokens",
            "  │ The user greets me.",
            "  │ I should greet back.",
        ])
        #expect(rows.last?.contains("thinking 2 tok") == true)
        #expect(!rows.contains("  …"))
    }

    @Test func foldsToOneLineOnceTheAnswerBegins() throws {
        var s = makeState(width: 48, height: 12)
        let r = try s.sent("hi")
        thinking(&s, request: r)
        finish(&s, request: r)
        let rows = render(s).trimmedRows
        #expect(Array(rows.prefix(6)) == [
            "▌ you",
            "  hi",
            "",
            "◆ demo:thinker  12 in · 350 out · $0.00070 · 13",
            "  ▸ thought for 12.4 s · 340 tokens",
            "  Hello!",
        ])
        #expect(!rows.joined().contains("greet back"))
    }

    @Test func toggleReasoningShowsAndFoldsEveryAnswer() throws {
        var s = makeState(width: 48, height: 14)
        let r = try s.sent("hi")
        thinking(&s, request: r)
        finish(&s, request: r)
        s.press(.ctrl("t"))
        #expect(s.showReasoning)
        #expect(Array(render(s).trimmedRows[3...7]) == [
            "◆ demo:thinker  12 in · 350 out · $0.00070 · 13",
            "  ▾ thought for 12.4 s · 340 tokens",
            "  │ The user greets me.",
            "  │ I should greet back.",
            "  Hello!",
        ])
        // Answers that come later follow the choice too.
        let next = try s.sent("again")
        thinking(&s, request: next)
        finish(&s, request: next)
        #expect(s.transcript.compactMap(\.thinking).allSatisfy { $0.expanded })
        s.press(.function(9))
        #expect(!s.showReasoning)
        #expect(s.transcript.compactMap(\.thinking).allSatisfy { !$0.expanded })
        #expect(!render(s).trimmedRows.joined().contains("greet back"))
    }

    @Test func theFallbackLogHasAThinkingLine() throws {
        var s = makeState(width: 60, height: 12)
        let r = try s.sent("hi")
        thinking(&s, request: r)
        #expect(s.log.contains { $0.text.contains("demo:thinker  thinking (first token after 0.40 s)") })
    }

    @Test func aThoughtWithNoAnswerStaysVisibleWhenTheAttemptFails() throws {
        var s = makeState(width: 48, height: 12)
        let r = try s.sent("hi")
        thinking(&s, request: r)
        event(&s, r, at: 40, .attemptFailed(model: thinker, attempt: 1, error: .timeout(.idle), partialText: ""))
        let rows = render(s).trimmedRows
        #expect(rows.contains("  ▸ thought for 3.7 s · 2 tokens"))
        #expect(rows.contains { $0.contains("⚠ partial — stalled") })
    }

    @Test func comparisonPanesThinkPerLane() throws {
        var s = makeState(width: 80, height: 16)
        s.type("/compare demo:thinker demo:fast")
        s.press(.enter)
        let r = try s.sent("hi")
        thinking(&s, lane: 0, request: r)
        s.answer(r, ["Hi there."], lane: 1)
        let rows = render(s).trimmedRows.joined(separator: "\n")
        #expect(rows.contains("thinking… 3.7 s · 2 tokens"))
        #expect(rows.contains("thinking"))
        #expect(s.comparison?.lanes[0].phase == .thinking)
        finish(&s, request: r, lane: 0)
        let after = render(s).trimmedRows.joined(separator: "\n")
        #expect(after.contains("▸ thought for 12.4 s · 340 tokens"))
        #expect(after.contains("Hello!"))
    }
}
