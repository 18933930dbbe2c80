import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

/// Drawing only the end of a long answer, and folding runs of engine events at once: both must
/// show exactly what drawing everything and folding one event at a time would show.
@Suite struct TailRenderingTests {
    let theme = Theme.dark

    static let sources = [
        "",
        "one line",
        "# Title\n\nA paragraph long enough to wrap over several rows of a narrow pane, **bold** and `code`.\n\n- item one\n- item two that wraps too\n\n> a quote\n---\nlast",
        "before\n```swift\nlet x = 1   // a long code line that is broken, not reflowed\n\nlet y = 2\n```\nafter the fence\n~~~\nunclosed ~~~ fence still streaming",
        "```\n```\n```python\nprint(1)\n```\n\n\n",
        "windows\r\nline ends\r\n\r\nkept apart",
    ]

    func texts(_ lines: [StyledLine]) -> [String] { lines.map(\.plainText) }

    @Test(arguments: sources)
    func theTailIsTheEndOfTheWholeRender(source: String) {
        for width in [8, 20, 60] {
            let whole = Markdown.render(source, width: width, theme: theme)
            for rows in 0...(whole.count + 2) {
                let tail = Markdown.render(source, width: width, theme: theme, limit: .last(rows))
                #expect(tail.count >= min(rows, whole.count), "width \(width), rows \(rows)")
                #expect(tail.count <= whole.count)
                #expect(tail == Array(whole.suffix(tail.count)), "width \(width), rows \(rows)")
                let head = Markdown.render(source, width: width, theme: theme, limit: .first(rows))
                #expect(head.count >= min(rows, whole.count) && head.count <= whole.count)
                #expect(head == Array(whole.prefix(head.count)), "width \(width), first \(rows)")
            }
        }
    }

    @Test func aLongFinishedAnswerDrawsTheSameWhetherItsLinesAreKeptOrNot() {
        // Long enough to be kept (`SourceLinesMemo`), with every shape of the short sources.
        let long = String(repeating: Self.sources.joined(separator: "\n"), count: 80)
        #expect(long.utf8.count >= SourceLinesMemo.minimumBytes)
        for limit in [RowLimit.all, .last(7), .first(7), .last(5_000), .first(5_000)] {
            let fresh = Markdown.render(long, width: 40, theme: theme, limit: limit)
            // The first settled call splits and keeps the lines; the second uses what was kept.
            #expect(Markdown.render(long, width: 40, theme: theme, limit: limit, settled: true) == fresh, "\(limit)")
            #expect(Markdown.render(long, width: 40, theme: theme, limit: limit, settled: true) == fresh, "\(limit)")
        }
        // A different source of the same length is never drawn from the lines kept for the first.
        let changed = String(long.dropLast(5)) + "other"
        #expect(changed.utf8.count == long.utf8.count)
        let tail = Markdown.render(changed, width: 40, theme: theme, limit: .last(1), settled: true)
        #expect(texts(tail).last?.hasSuffix("kept other") == true, "\(texts(tail))")
        #expect(tail == Markdown.render(changed, width: 40, theme: theme, limit: .last(1)))
    }

    @Test func crlfIsALineBreakAndNoCarriageReturnIsDrawn() {
        let lines = texts(Markdown.render("one\r\ntwo\r\n", width: 20, theme: theme))
        #expect(lines == ["one", "two", ""])
    }

    @Test func aFenceOpenedFarAboveStillMakesTheTailCode() {
        let source = "```\n" + (1...200).map { "code \($0)" }.joined(separator: "\n")
        let tail = Markdown.render(source, width: 30, theme: theme, limit: .last(3))
        #expect(texts(tail) == ["  code 198", "  code 199", "  code 200"])
        #expect(tail.allSatisfy { $0.fill == theme[.codeBlock] })
    }

    @Test func aChatEntryCutAtTheTopLosesItsLabelNotItsText() {
        let text = (1...30).map { "paragraph \($0) is long enough to wrap" }.joined(separator: "\n\n")
        for status in [TranscriptEntry.Status.streaming, .partial(reason: "stalled after 9 tokens"), .complete] {
            let entry = TranscriptEntry(id: 1, role: .assistant, text: text, model: fast, status: status)
            let whole = ChatView.lines(for: entry, width: 30, theme: theme)
            #expect(whole.first?.plainText.hasPrefix("◆ demo:fast") == true)
            for rows in [1, 2, 10, whole.count - 1, whole.count, whole.count + 3] {
                let tail = ChatView.lines(for: entry, width: 30, theme: theme, limit: .last(rows))
                #expect(tail.count >= min(rows, whole.count))
                #expect(texts(tail) == texts(Array(whole.suffix(tail.count))), "\(status), rows \(rows)")
                let head = ChatView.lines(for: entry, width: 30, theme: theme, limit: .first(rows))
                #expect(head.count >= min(rows, whole.count))
                #expect(texts(head) == texts(Array(whole.prefix(head.count))), "\(status), first \(rows)")
            }
        }
    }

    @Test func aPaneDrawsTheEndOfALaneWithSeveralAttempts() throws {
        var s = makeState(width: 120, height: 20)
        let r = try s.startComparison(lanes: 2)
        s.engine(r, lane: 1, .attemptStarted(model: slow, attempt: 1))
        s.engine(r, lane: 1, .textDelta(model: slow, text: "a first try that breaks off\n\nmid"))
        s.engine(r, lane: 1, .attemptFailed(model: slow, attempt: 1, error: .network(message: "reset"), partialText: ""))
        s.engine(r, lane: 1, .attemptStarted(model: fast, attempt: 1))
        for i in 1...40 { s.engine(r, lane: 1, .textDelta(model: fast, text: "paragraph \(i) of the second try\n\n")) }
        let c = try #require(s.comparison)
        let whole = CompareView.bodyLines(s, comparison: c, lane: 1, width: 25)
        #expect(whole.contains { $0.plainText == "◆ demo:slow" })
        for rows in [0, 1, 5, 30, whole.count, whole.count + 5] {
            let tail = CompareView.bodyLines(s, comparison: c, lane: 1, width: 25, limit: .last(rows))
            #expect(tail.count >= min(rows, whole.count))
            #expect(texts(tail) == texts(Array(whole.suffix(tail.count))), "rows \(rows)")
            let head = CompareView.bodyLines(s, comparison: c, lane: 1, width: 25, limit: .first(rows))
            #expect(head.count >= min(rows, whole.count))
            #expect(texts(head) == texts(Array(whole.prefix(head.count))), "first \(rows)")
        }
    }
}

@Suite struct EngineEventRunTests {
    func event(_ request: RequestID, lane: Int = 0, _ kind: EngineEvent.Kind) -> EngineEvent {
        EngineEvent(request: request, lane: lane, time: epoch, kind: kind)
    }

    /// A chat with `answers` answered questions, then a question whose answer has begun.
    func streamingAfterAnswers(_ answers: Int, width: Int, height: Int) throws -> (AppState, RequestID) {
        var s = makeState(width: width, height: height)
        for i in 0..<answers {
            let r = try s.sent("question \(i)")
            s.answer(r, ["answer \(i) with enough words to wrap onto a second row of the chat pane"])
        }
        let r = try s.sent("one more")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        return (s, r)
    }

    @Test func runsOfEngineEventsAreJoinedAndEverythingElseKeepsItsPlace() {
        let r = RequestID()
        let a = event(r, .firstToken(model: fast, latency: .zero))
        let b = event(r, .textDelta(model: fast, text: "b"))
        let joined = Action.coalescingEngineEvents([.engine(a), .engine(b), .tick, .engine(a), .notice("n"), .engine(a), .engine(b)])
        #expect(joined.count == 5)
        guard case .engineEvents(let first) = joined[0], case .tick = joined[1], case .engine = joined[2],
              case .notice = joined[3], case .engineEvents(let last) = joined[4] else {
            Issue.record("unexpected shape: \(joined)")
            return
        }
        #expect(first.count == 2 && last.count == 2)
        #expect(Action.coalescingEngineEvents([]).isEmpty)
    }

    @Test func aRunFoldedAtOnceShowsWhatFoldingEachEventShows() throws {
        var (one, r) = try streamingAfterAnswers(4, width: 70, height: 14)
        one.press(.pageUp)
        var batch = one
        let before = render(one).trimmedRows
        let kinds: [EngineEvent.Kind] = (1...60).map { .textDelta(model: fast, text: "word\($0) " + ($0 % 7 == 0 ? "\n\n" : "")) }
        for kind in kinds { one.engine(r, kind) }
        _ = reduce(&batch, .engineEvents(kinds.map { event(r, $0) }))
        #expect(batch.chatScroll == one.chatScroll && batch.isScrolledBack)
        #expect(batch.hasUnseenText)
        #expect(render(batch).rows == render(one).rows)
        #expect(render(batch).trimmedRows.prefix(8) == before.prefix(8))   // the reader's rows held still
    }

    @Test func theChatScrolledBackShowsTheSameRowsAsDrawingEverything() throws {
        var (s, r) = try streamingAfterAnswers(3, width: 70, height: 16)
        for i in 1...12 { s.engine(r, .textDelta(model: fast, text: "paragraph \(i) of a long answer that keeps on going\n\n")) }
        s.press(.pageUp, .pageUp)
        func reference() -> [String] { drawingEverything(s) }
        func shown() -> [String] {
            let chat = Layout(state: s).chat
            return ChatView.visibleRows(s, width: chat.width, height: chat.height).map { trimmed($0.plainText) }
        }
        // Runs of text arrive while the reader is scrolled back: the growing answer is counted,
        // not drawn, below the view.
        for run in 0..<6 {
            let events = (1...20).map { EngineEvent(request: r, lane: 0, time: epoch,
                                                    kind: .textDelta(model: fast, text: "run \(run) word \($0) ")) }
            _ = reduce(&s, .engineEvents(events + [EngineEvent(request: r, lane: 0, time: epoch,
                                                               kind: .textDelta(model: fast, text: "\n\n"))]))
            #expect(shown() == reference(), "run \(run)")
        }
        // Scrolling further back and forward, and the end of the answer.
        s.press(.pageUp)
        #expect(shown() == reference())
        s.press(.pageDown)
        #expect(shown() == reference())
        // The attempt breaks off and a fallback answers below it, both counted while scrolled back:
        // every position from the top to the end shows what drawing everything shows.
        s.engine(r, .attemptFailed(model: fast, attempt: 1, error: .network(message: "reset"), partialText: ""))
        s.engine(r, .attemptStarted(model: slow, attempt: 1))
        for i in 1...8 { s.engine(r, .textDelta(model: slow, text: "fallback paragraph \(i) that is long enough to wrap\n\n")) }
        for _ in 0..<30 { s.press(.pageUp) }
        #expect(s.chatScroll == .anchored(ChatAnchor(entry: s.transcript[0].id, row: 0)))   // clamped at the top
        var steps = 0
        while s.isScrolledBack, steps < 200 {
            #expect(shown() == reference(), "step \(steps), \(s.chatScroll)")
            _ = reduce(&s, .input(.scroll(lines: 3)))   // the wheel, down
            steps += 1
        }
        #expect(steps > 10 && !s.isScrolledBack)   // every position on the way down was checked
        s.engine(r, .finished(.init(model: slow, text: "", usage: Usage(promptTokens: 1, completionTokens: 2),
                                    usageEstimated: false, cost: 0, timeToFirstToken: .zero, duration: .seconds(1))))
        #expect(shown() == reference())
    }

    @Test func aScrolledPaneHoldsStillThroughARun() throws {
        var s = makeState(width: 120, height: 12)
        let r = try s.startComparison(lanes: 2)
        s.engine(r, lane: 1, .attemptStarted(model: slow, attempt: 1))
        for i in 1...30 { s.engine(r, lane: 1, .textDelta(model: slow, text: "line \(i)\n\n")) }
        s.press(.tab, .tab, .pageUp)
        let position = try #require(s.comparison?.scroll[1])
        let before = render(s).rows
        let run = (31...80).flatMap { i in
            [event(r, lane: 1, .textDelta(model: slow, text: "line \(i)\n\n")),
             event(r, lane: 0, .textDelta(model: fast, text: "other lane \(i) "))]
        }
        _ = reduce(&s, .engineEvents(run))
        #expect(s.comparison?.scroll[1] == position)   // held where the reader is, not measured again
        // The right-hand pane's rows (the left one follows its own stream).
        func rightPane(_ rows: [String]) -> [String] { rows[3...8].map { String(Array($0)[61...]) } }
        #expect(rightPane(render(s).rows) == rightPane(before))
    }
}

@Suite struct PanePositionTests {
    @Test func pagingDownToTheEndFollowsTheStreamAgain() throws {
        var s = makeState(width: 120, height: 12)
        let r = try s.startComparison(lanes: 2)
        s.engine(r, lane: 1, .attemptStarted(model: slow, attempt: 1))
        for i in 1...30 { s.engine(r, lane: 1, .textDelta(model: slow, text: "line \(i)\n\n")) }
        s.press(.tab, .tab)
        s.press(.pageUp, .pageUp, .pageUp)
        guard case .row(let top)? = s.comparison?.scroll[1] else { Issue.record("not held"); return }
        // Held rows stay held while lines arrive; going back down reaches the new end and follows.
        for i in 31...40 { s.engine(r, lane: 1, .textDelta(model: slow, text: "line \(i)\n\n")) }
        #expect(s.comparison?.scroll[1] == .row(top))
        s.press(.pageDown)
        #expect(s.comparison?.scroll[1] == .row(top + s.panePageSize))
        for _ in 0..<20 { s.press(.pageDown) }
        #expect(s.comparison?.scroll[1] == .following)
        #expect(render(s).trimmedRows.contains { $0.contains("│ line 40") })
        #expect(!render(s).trimmedRows.contains { $0.hasSuffix("↓") })
        // At the top, PgUp cannot move the pane any further.
        for _ in 0..<40 { s.press(.pageUp) }
        #expect(s.comparison?.scroll[1] == .row(0))
        #expect(render(s).trimmedRows.contains { $0.contains("│ line 1") })
    }
}
