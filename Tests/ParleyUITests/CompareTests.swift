import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

let compareModels = [fast, slow, claude, gpt]

extension AppState {
    /// `/compare` with the first `lanes` test models, then a message; returns its request.
    mutating func startComparison(lanes: Int, message: String = "race") throws -> RequestID {
        type("/compare " + compareModels.prefix(lanes).map(\.description).joined(separator: " "))
        press(.enter)
        return try sent(message)
    }

    /// Every lane answers `Answer N …` in two pieces.
    mutating func answerAllLanes(_ request: RequestID, lanes: Int) {
        for lane in 0..<lanes {
            answer(request, model: compareModels[lane],
                   ["Answer \(lane + 1) says hello ", "and explains at some length why."], lane: lane)
        }
    }
}

/// Side-by-side comparison panes: layouts at several widths and the keys that drive them.
@Suite struct CompareLayoutTests {
    @Test func columnsWhenWideGridOrRowsWhenNarrow() {
        let wide = CompareView.paneRects(count: 4, in: Rect(x: 0, y: 1, width: 160, height: 30))
        #expect(wide.count == 4 && wide.values.allSatisfy { $0.y == 1 && $0.width >= 30 && $0.height == 30 })
        #expect(wide[3]!.maxX == 160)
        let grid = CompareView.paneRects(count: 4, in: Rect(x: 0, y: 1, width: 100, height: 30))
        #expect(grid[0]!.y == grid[1]!.y && grid[2]!.y == grid[3]!.y && grid[0]!.x == grid[2]!.x && grid[0]!.y < grid[2]!.y)
        let three = CompareView.paneRects(count: 3, in: Rect(x: 0, y: 1, width: 100, height: 30))
        #expect(three.values.allSatisfy { $0.y == 1 && $0.width >= 30 })
        let rows = CompareView.paneRects(count: 2, in: Rect(x: 0, y: 1, width: 60, height: 30))
        #expect(rows[0]!.width == 60 && rows[1]!.width == 60 && rows[0]!.maxY == rows[1]!.y)
        #expect(CompareView.paneRects(count: 3, in: Rect(x: 0, y: 0, width: 0, height: 0)).isEmpty)
    }

    @Test func twoLanesSideBySideAt160() throws {
        var s = makeState(width: 160, height: 10)
        let r = try s.startComparison(lanes: 2)
        s.answerAllLanes(r, lanes: 2)
        let rows = render(s).trimmedRows
        #expect(rows[0].hasPrefix("▌ you  race"))
        #expect(rows[1].hasPrefix("[1] demo:fast") && rows[1].contains("│[2] demo:slow"))
        #expect(rows[2].hasPrefix(" done · ttft 0.4 s · 20 tok/s · 34 tok · $0.00012"))
        #expect(rows[3].hasPrefix(" Answer 1 says hello and explains at some length why."))
        #expect(rows[3].contains("│ Answer 2 says hello"))
    }

    @Test func snapshotFourLanesInColumnsAt160() throws {
        var s = makeState(width: 160, height: 9)
        let r = try s.startComparison(lanes: 4)
        s.answerAllLanes(r, lanes: 4)
        let rows = render(s).trimmedRows
        #expect(rows == [
            "▌ you  race                                                                                                                    Tab focus · F6 zoom · Enter pick",
            "[1] demo:fast                           │[2] demo:slow                          │[3] openrouter:anthropic/claude-sonnet-│[4] openrouter:openai/gpt-4o-mini",
            " done · ttft 0.4 s · 20 tok/s · 34 tok  │ done · ttft 0.4 s · 20 tok/s · 34 tok │ done · ttft 0.4 s · 20 tok/s · 34 tok │ done · ttft 0.4 s · 20 tok/s · 34 tok",
            " Answer 1 says hello and explains at    │ Answer 2 says hello and explains at   │ Answer 3 says hello and explains at   │ Answer 4 says hello and explains at",
            " some length why.                       │ some length why.                      │ some length why.                      │ some length why.",
            "                                        │                                       │                                       │",
            "────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────",
            "› type a message · Enter send · Ctrl-J newline · F1 help",
            " compare: demo:fast | demo:slow | openrouter:anthropic/claude-sonnet-4.6 | openrouter:openai/gpt-4o-m…  │ idle │ chat 184 tok $0.00048 │ today 184 tok $0.00048",
        ])
    }

    @Test func snapshotGridOfFourAt100() throws {
        var s = makeState(width: 100, height: 16)
        let r = try s.startComparison(lanes: 4)
        s.answerAllLanes(r, lanes: 4)
        s.press(.tab)
        let rows = render(s).trimmedRows
        #expect(rows == [
            "▌ you  race                                                        Tab focus · F6 zoom · Enter pick",
            "▶[1] demo:fast                                   │[2] demo:slow",
            " done · ttft 0.4 s · 20 tok/s · 34 tok · $0.00012│ done · ttft 0.4 s · 20 tok/s · 34 tok · $0.00012",
            " Answer 1 says hello and explains at some length │ Answer 2 says hello and explains at some length",
            " why.                                            │ why.",
            "                                                 │",
            "                                                 │",
            "[3] openrouter:anthropic/claude-sonnet-4.6       │[4] openrouter:openai/gpt-4o-mini",
            " done · ttft 0.4 s · 20 tok/s · 34 tok · $0.00012│ done · ttft 0.4 s · 20 tok/s · 34 tok · $0.00012",
            " Answer 3 says hello and explains at some length │ Answer 4 says hello and explains at some length",
            " why.                                            │ why.",
            "                                                 │",
            "                                                 │",
            "────────────────────────────────────────────────────────────────────────────────────────────────────",
            "› type a message · Enter send · Ctrl-J newline · F1 help",
            " compare: demo:fast | demo:slow | openrou…  │ idle │ chat 184 tok $0.00048 │ today 184 tok $0.00048",
        ])
    }

    @Test func snapshotStackedTwoAt60() throws {
        var s = makeState(width: 60, height: 16)
        let r = try s.startComparison(lanes: 2)
        s.answer(r, model: fast, ["Short answer."], lane: 0)
        s.engine(r, lane: 1, .attemptStarted(model: slow, attempt: 1))
        s.engine(r, lane: 1, .firstToken(model: slow, latency: .milliseconds(900)))
        s.engine(r, lane: 1, .textDelta(model: slow, text: "Still **typing** a longer answer that wraps"))
        let rows = render(s).trimmedRows
        #expect(rows == [
            "▌ you  race                Tab focus · F6 zoom · Enter pick",
            "[1] demo:fast",
            " done · ttft 0.4 s · 20 tok/s · 34 tok · $0.00012",
            " Short answer.",
            "",
            "",
            "",
            "[2] demo:slow",
            " streaming · ttft 0.9 s · ~1 tok",
            " Still typing a longer answer that wraps",
            "",
            "",
            "",
            "────────────────────────────────────────────────────────────",
            "› type a message · Enter send · Ctrl-J newline · F1 help",
            " compare: demo:fast | demo:slow  │ streaming 1 tok │ chat 46",
        ])
    }

    @Test func gridOfFourAt100AndRowsAt60() throws {
        var s = makeState(width: 100, height: 14)
        let r = try s.startComparison(lanes: 4)
        s.answerAllLanes(r, lanes: 4)
        var rows = render(s).trimmedRows
        // 2×2: lanes 1 and 2 share the first header row, 3 and 4 a lower one.
        #expect(rows[1].hasPrefix("[1] demo:fast") && rows[1].contains("│[2] demo:slow"))
        #expect(rows.contains { $0.hasPrefix("[3] openrouter:anthropic") && $0.contains("│[4] openrouter:openai") })

        var narrow = makeState(width: 60, height: 20)
        let r2 = try narrow.startComparison(lanes: 3)
        narrow.answerAllLanes(r2, lanes: 3)
        rows = render(narrow).trimmedRows
        let headers = rows.indices.filter { rows[$0].hasPrefix("[") }
        #expect(headers.count == 3)
        #expect(!rows.contains { $0.contains("│[") })
        #expect(rows.contains { $0.hasPrefix(" Answer 3 says hello") })
    }

    @Test func threeLanesAt100AreColumns() throws {
        var s = makeState(width: 100, height: 12)
        let r = try s.startComparison(lanes: 3)
        s.answerAllLanes(r, lanes: 3)
        let rows = render(s).trimmedRows
        #expect(rows[1].hasPrefix("[1] demo:fast") && rows[1].contains("│[2] demo:slow") && rows[1].contains("│[3] openrouter"))
    }

    @Test func liveHeadersShowStreamingFallbackAndFailure() throws {
        var s = makeState(width: 120, height: 12)
        let r = try s.startComparison(lanes: 3)
        s.engine(r, lane: 0, .attemptStarted(model: fast, attempt: 1))
        s.engine(r, lane: 0, .firstToken(model: fast, latency: .milliseconds(300)))
        s.engine(r, lane: 0, .textDelta(model: fast, text: "Stream"))
        s.engine(r, lane: 1, .attemptStarted(model: slow, attempt: 1))
        s.engine(r, lane: 1, .attemptFailed(model: slow, attempt: 1, error: .rateLimited(retryAfter: nil, message: "slow down"), partialText: ""))
        s.engine(r, lane: 1, .fallingBack(from: slow, to: gemma, reason: "429"))
        s.engine(r, lane: 1, .attemptStarted(model: gemma, attempt: 1))
        s.engine(r, lane: 2, .attemptStarted(model: claude, attempt: 1))
        s.engine(r, lane: 2, .failed(attempts: [.init(model: claude, attempt: 1, error: .authentication(status: 401, message: "bad key"))]))
        let rows = render(s).trimmedRows
        #expect(rows[2].hasPrefix(" streaming · ttft 0.3 s · ~1 tok"))
        #expect(rows[1].contains("│[2] openrouter:google/gemma-3-27b-it ←"))
        #expect(rows[2].contains("waiting for google/gemma-3-27b-it"))
        #expect(rows[2].contains("failed — anthropic/claude-sonnet-4.6:"))
        #expect(rows.contains { $0.contains("✗ no answer") })
        #expect(rows[3].hasPrefix(" Stream"))
    }

    @Test func tinySizesDoNotCrash() throws {
        for lanes in 2...4 {
            var s = makeState(width: 80, height: 24)
            let r = try s.startComparison(lanes: lanes)
            s.answerAllLanes(r, lanes: lanes)
            s.press(.tab)
            for width in [0, 1, 5, 19, 20, 21, 30, 31, 45, 61, 62, 63, 64, 93, 94, 123, 124] {
                for height in [0, 1, 5, 6, 7, 8, 9, 10, 13] {
                    _ = reduce(&s, .input(.resize(width: width, height: height)))
                    for zoom in [false, true] {
                        s.comparison?.zoomed = zoom
                        let canvas = render(s)
                        #expect(canvas.rows.count == max(0, height))
                        #expect(!canvas.hasRawControlCharacter)
                        s.press(.pageUp)
                        s.press(.pageDown)
                    }
                }
            }
        }
    }
}

@Suite struct CompareReducerTests {
    @Test func focusZoomScrollAndPickAWinner() throws {
        var s = makeState(width: 120, height: 12)
        let r = try s.startComparison(lanes: 3, message: "which is best?")
        s.answerAllLanes(r, lanes: 3)
        #expect(s.comparisonInView)
        #expect(s.comparison?.focus == nil)

        // Tab / Shift-Tab move the focus (wrapping), only while the input is empty.
        s.press(.tab)
        #expect(s.comparison?.focus == 0)
        s.press(.tab, .tab)
        #expect(s.comparison?.focus == 2)
        s.press(.tab)
        #expect(s.comparison?.focus == 0)
        s.press(.backTab)
        #expect(s.comparison?.focus == 2)
        s.type("x")
        s.press(.tab)
        #expect(s.comparison?.focus == 2)
        #expect(s.editor.text == "x    ")
        s.editor.setText("")
        s.press(.backTab)
        #expect(s.comparison?.focus == 1)
        #expect(render(s).trimmedRows[1].contains("▶[2] demo:slow"))

        // F6 zooms the focused pane to the whole width; Esc (idle) or F6 again goes back.
        s.press(.function(6))
        #expect(s.comparison?.zoomed == true)
        let zoomed = render(s).trimmedRows
        #expect(zoomed[1].hasPrefix("▶[2] demo:slow"))
        #expect(!zoomed.contains { $0.contains("[1]") || $0.contains("[3]") })
        s.press(.escape)
        #expect(s.comparison?.zoomed == false)

        // PgUp scrolls the focused pane, clamped to its text.
        s.press(.pageUp)
        #expect(s.comparison?.scroll[1] == .following)   // the answer fits: nothing to scroll

        // Enter on the empty input picks the focused answer.
        let picked = s.press(.enter)
        #expect(picked == [.recordPick(r, lane: 1)])
        #expect(s.comparison?.winner == 1)
        #expect(s.currentModel == slow)
        #expect(s.compareSet.isEmpty)
        let answers = s.transcript.filter { $0.role == .assistant }
        #expect(answers.map(\.choice) == [.alternative, .picked, .alternative])
        let rows = render(s).trimmedRows
        #expect(rows[1].contains("[2] demo:slow ★ picked"))
        #expect(rows[1].contains("[1] demo:fast (alternative)"))

        // The next message goes to the winner's model with the winner's answer as the reply.
        s.type("thanks")
        guard case .send(_, let messages, let chain, _, _) = s.press(.enter).first else {
            Issue.record("expected a send")
            return
        }
        #expect(chain.first == slow)
        #expect(messages == [
            ChatMessage(role: .user, content: "which is best?"),
            ChatMessage(role: .assistant, content: "Answer 2 says hello and explains at some length why."),
            ChatMessage(role: .user, content: "thanks"),
        ])
        // The comparison is no longer the latest turn: the chat is back, alternatives marked.
        #expect(!s.comparisonInView)
        #expect(ChatView.label(for: answers[0], theme: .monochrome).plainText.hasPrefix("[1] ◆ demo:fast (alternative)"))
        #expect(render(s).trimmedRows.contains { $0.hasPrefix("[3] ◆ openrouter:anthropic/claude-sonnet-4.6 (alternative)") })
    }

    @Test func focusedPaneScrollsAndStaysPutWhileItsTextGrows() throws {
        var s = makeState(width: 120, height: 12)
        let r = try s.startComparison(lanes: 2)
        s.engine(r, lane: 1, .attemptStarted(model: slow, attempt: 1))
        for i in 1...30 { s.engine(r, lane: 1, .textDelta(model: slow, text: "line \(i)\n\n")) }
        #expect(render(s).trimmedRows.contains { $0.contains("│ line 30") })   // follows the stream
        s.press(.tab, .tab)
        s.press(.pageUp)
        let position = try #require(s.comparison?.scroll[1])
        #expect(position != .following)
        let before = render(s).trimmedRows
        #expect(!before.contains { $0.contains("│ line 30") })
        #expect(before.contains { $0.hasSuffix("↓") })   // more below
        s.engine(r, lane: 1, .textDelta(model: slow, text: "line 31\n\n"))
        #expect(s.comparison?.scroll[1] == position)
        #expect(Array(render(s).trimmedRows[3...8]) == Array(before[3...8]))   // the text stays put
        s.press(.ctrlEnd)
        #expect(s.comparison?.scroll[1] == .following)
        #expect(render(s).trimmedRows.contains { $0.contains("│ line 31") })
        s.press(.pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp)
        #expect(render(s).trimmedRows.contains { $0.contains("│ line 1") })
    }

    @Test func scrollingTheChatBackShowsTheConversationAsAList() throws {
        var s = makeState(width: 120, height: 9)
        let r = try s.startComparison(lanes: 2)
        s.answerAllLanes(r, lanes: 2)
        #expect(s.showsComparisonPanes)
        s.press(.pageUp)   // no pane focused: the chat scrolls
        #expect(!s.showsComparisonPanes)
        #expect(render(s).trimmedRows.contains { $0.hasPrefix("[1] ◆ demo:fast") })
        s.press(.tab)      // focusing a pane brings the panes back
        #expect(s.showsComparisonPanes)
    }

    @Test func pickCommandAndItsErrors() throws {
        var s = makeState(width: 120, height: 12)
        _ = runLine(&s, "/pick 1")
        #expect(s.notice?.isError == true)
        let r = try s.startComparison(lanes: 2)
        s.answer(r, model: fast, ["first"], lane: 0)
        _ = runLine(&s, "/pick 2")
        #expect(s.notice?.text.contains("not finished") == true)
        _ = runLine(&s, "/pick 9")
        #expect(s.notice?.isError == true)
        _ = runLine(&s, "/pick 1")
        #expect(s.comparison?.winner == 0)
        #expect(s.currentModel == fast)
    }

    @Test func followUpInCompareModeGoesToEveryLaneAndCompareOffLeaves() throws {
        var s = makeState(width: 120, height: 12)
        let r = try s.startComparison(lanes: 2)
        s.answerAllLanes(r, lanes: 2)
        s.type("more")
        guard case .compare(let r2, let lanes, _, _) = s.press(.enter).first else {
            Issue.record("expected a comparison")
            return
        }
        #expect(lanes.map(\.chain) == [[fast], [slow]])
        // Each lane goes on with its own thread: its own earlier answer, not lane 1's.
        for lane in 0..<2 {
            #expect(lanes[lane].messages == [
                ChatMessage(role: .user, content: "race"),
                ChatMessage(role: .assistant, content: "Answer \(lane + 1) says hello and explains at some length why."),
                ChatMessage(role: .user, content: "more"),
            ])
        }
        #expect(s.comparison?.request == r2)
        _ = runLine(&s, "/compare off")
        #expect(s.compareSet.isEmpty)
        #expect(s.comparisonInView)   // still the latest turn
        // Ctrl-R now resends to the current model alone: the chat shows it as a list again.
        guard case .branching(.regenerate, .send) = s.press(.ctrl("r")).last else {
            Issue.record("expected a send")
            return
        }
        #expect(!s.comparisonInView)
    }

    @Test func stoppingTheLastOpenLaneEndsTheComparison() throws {
        var s = makeState(width: 120, height: 12)
        let r = try s.startComparison(lanes: 2)
        s.engine(r, lane: 0, .attemptStarted(model: fast, attempt: 1))
        s.engine(r, lane: 0, .textDelta(model: fast, text: "par"))
        s.answer(r, model: slow, ["whole"], lane: 1)
        s.press(.tab)
        #expect(s.press(.function(8)) == [.cancelLane(r, lane: 0)])
        #expect(s.comparison?.lanes.map(\.phase) == [.cancelled, .done])
        #expect(s.transcript.first { $0.lane == 0 && $0.role == .assistant }?.text == "par")
        let busy = s.isBusy
        #expect(!busy)
    }
}

private func runLine(_ s: inout AppState, _ line: String) -> [Command] {
    s.type(line)
    return s.press(.enter)
}

/// Lanes with their own chains and threads, stopping one lane, scrolling panes together, and
/// comparisons reopened from the store.
@Suite struct CompareLaneTests {
    let broken = ModelRef(provider: "demo", model: "broken")

    @Test func eachLaneCanHaveItsOwnFallbackChain() throws {
        var s = makeState(width: 120, height: 14)
        _ = runLine(&s, "/compare demo:broken,demo:fast demo:slow")
        #expect(s.compareSet == [[broken, fast], [slow]])
        #expect(StatusBar.modelText(s) == "compare: demo:broken → demo:fast | demo:slow")
        s.type("race")
        guard case .compare(let r, let lanes, _, _) = s.press(.enter).first else {
            Issue.record("expected a comparison")
            return
        }
        #expect(lanes.map(\.chain) == [[broken, fast], [slow]])

        s.engine(r, lane: 0, .attemptStarted(model: broken, attempt: 1))
        s.engine(r, lane: 0, .attemptFailed(model: broken, attempt: 1,
                                            error: .server(status: 500, message: "boom", retryAfter: nil), partialText: ""))
        s.engine(r, lane: 0, .fallingBack(from: broken, to: fast, reason: "500 server error"))
        #expect(render(s).trimmedRows[2].contains("falling back to demo:fast"))
        s.answer(r, model: fast, ["rescued"], lane: 0)
        s.answer(r, model: slow, ["slowly"], lane: 1)
        let rows = render(s).trimmedRows
        #expect(rows[1].contains("[1] demo:fast ← broken"))
        #expect(rows.contains { $0.contains("rescued") })
        #expect(s.log.contains { $0.text.contains("demo:broken") && $0.text.contains("demo:fast") && $0.outcome == .retry })
    }

    @Test func aLongComparisonSetGivesWayToTheActivityInTheStatusBar() throws {
        var s = makeState(width: 80, height: 14)
        _ = runLine(&s, "/compare openrouter:anthropic/claude-sonnet-4.6 openrouter:openai/gpt-4o-mini openrouter:google/gemma-3-27b-it demo:slow")
        let idle = try #require(render(s).trimmedRows.last)
        #expect(idle == " compare: openrouter:anthropic/claude…  │ idle │ chat 0 tok $0 │ today 0 tok $0")
        let wide = makeState(width: 200, height: 14)
        #expect(render(wide).trimmedRows.last?.contains("…") == false)
    }

    @Test func stoppingTheFocusedLaneLeavesTheOthersStreaming() throws {
        var s = makeState(width: 120, height: 14)
        let r = try s.startComparison(lanes: 3)
        for lane in 0..<3 {
            s.engine(r, lane: lane, .attemptStarted(model: compareModels[lane], attempt: 1))
            s.engine(r, lane: lane, .textDelta(model: compareModels[lane], text: "lane \(lane + 1) so far"))
        }
        s.press(.tab, .tab)   // focus pane 2
        #expect(s.press(.function(8)) == [.cancelLane(r, lane: 1)])
        #expect(s.comparison?.lanes[1].phase == .cancelled)
        let busy = s.isBusy
        #expect(busy)
        #expect(s.transcript.first { $0.lane == 1 && $0.role == .assistant }?.status == .cancelled)
        #expect(render(s).trimmedRows[2].contains("cancelled"))
        // The engine's own report of the stop changes nothing more; the other lanes go on.
        s.engine(r, lane: 1, .cancelled)
        s.engine(r, lane: 0, .textDelta(model: fast, text: " and more"))
        #expect(s.transcript.first { $0.lane == 0 && $0.role == .assistant }?.text == "lane 1 so far and more")
        #expect(s.press(.function(8)) == [])   // lane 2 has ended already
        #expect(s.notice?.isError == true)
        s.answer(r, model: fast, ["done"], lane: 0)
        let stillBusy = s.isBusy
        #expect(stillBusy)
        // Esc unfocuses; F8 with no pane focused stops every lane still open.
        // Esc while lanes are open stops them all.
        s.press(.escape)
        #expect(s.comparison?.lanes[2].phase == .cancelled)
        let afterEscape = s.isBusy
        #expect(!afterEscape)
    }

    @Test func withNoPaneFocusedF8StopsEveryLane() throws {
        var s = makeState(width: 120, height: 14)
        let r = try s.startComparison(lanes: 2)
        s.engine(r, lane: 0, .attemptStarted(model: fast, attempt: 1))
        #expect(s.press(.function(8)) == [.cancel(r)])
        let busy = s.isBusy
        #expect(!busy)
    }

    @Test func unfocusedPanesScrollTogetherThenTheChat() throws {
        var s = makeState(width: 120, height: 12)
        let r = try s.startComparison(lanes: 2)
        for lane in 0..<2 {
            s.answer(r, model: compareModels[lane], (1...30).map { "lane \(lane + 1) line \($0)\n\n" }, lane: lane)
        }
        s.press(.pageUp)
        let scroll = try #require(s.comparison?.scroll)
        #expect(scroll[0] != .following && scroll[0] == scroll[1])
        #expect(s.showsComparisonPanes)
        s.press(.ctrlEnd)
        #expect(s.comparison?.scroll == [.following, .following])
        // Past the panes' first lines, the chat itself scrolls back to the list of turns.
        for _ in 0..<40 { s.press(.pageUp) }
        #expect(!s.showsComparisonPanes)
        // Focused, a pane scrolls alone.
        s.press(.ctrlEnd, .tab)
        s.press(.pageUp)
        #expect(s.comparison!.scroll[0] != .following && s.comparison!.scroll[1] == .following)
    }

    @Test func inCompareModeALaneNewerThanTheLastComparisonFollowsLaneOne() throws {
        var s = makeState(width: 120, height: 12)
        let r = try s.startComparison(lanes: 2)
        s.answerAllLanes(r, lanes: 2)
        _ = runLine(&s, "/compare demo:fast demo:slow openrouter:openai/gpt-4o-mini")
        s.type("again")
        guard case .compare(_, let lanes, _, _) = s.press(.enter).first else {
            Issue.record("expected a comparison")
            return
        }
        #expect(lanes.map { $0.messages[1].content } == [
            "Answer 1 says hello and explains at some length why.",
            "Answer 2 says hello and explains at some length why.",
            "Answer 1 says hello and explains at some length why.",
        ])
    }

    @Test func aReopenedComparisonShowsSideBySideAndCanStillBePicked() throws {
        let group = UUID()
        let conversation = Conversation(id: "c1", title: "Race", systemPrompt: nil, created: epoch, updated: epoch)
        func answer(_ lane: Int, _ model: ModelRef, _ text: String, choice: MessageChoice? = nil) -> StoredMessage {
            StoredMessage(conversationID: "c1", role: .assistant, content: text, model: model,
                          comparisonGroup: group.uuidString.lowercased(), lane: lane, choice: choice, created: epoch)
        }
        let question = StoredMessage(conversationID: "c1", role: .user, content: "race", created: epoch)
        var s = makeState(width: 120, height: 14)
        _ = reduce(&s, .conversationLoaded(conversation, [question, answer(0, fast, "quick"), answer(1, slow, "steady")]))
        #expect(s.showsComparisonPanes)
        #expect(s.compareSet == [[fast], [slow]])
        #expect(s.notice?.text.contains("comparing demo:fast | demo:slow") == true)
        #expect(render(s).trimmedRows[1].contains("[2] demo:slow"))
        #expect(runLine(&s, "/pick 2") == [.recordPick(group, lane: 1)])
        #expect(s.currentModel == slow && s.compareSet.isEmpty)

        // Reopened after a pick: the pick shows, and the chat goes on with one model.
        var t = makeState(width: 120, height: 14)
        _ = reduce(&t, .conversationLoaded(conversation, [question, answer(0, fast, "quick", choice: .alternative),
                                                          answer(1, slow, "steady", choice: .picked)]))
        #expect(t.comparison?.winner == 1)
        #expect(t.compareSet.isEmpty)
        t.type("next")
        guard case .send(_, let messages, _, _, _) = t.press(.enter).first else {
            Issue.record("expected a send")
            return
        }
        #expect(messages.map(\.content) == ["race", "steady", "next"])
    }

    @Test func aReopenedComparisonSaysWhichLanesWereStoppedOrFailed() throws {
        let group = UUID().uuidString.lowercased()
        let conversation = Conversation(id: "c2", title: "Race", systemPrompt: nil, created: epoch, updated: epoch)
        let messages = [
            StoredMessage(conversationID: "c2", role: .user, content: "race", created: epoch),
            StoredMessage(conversationID: "c2", role: .assistant, content: "whole", model: fast,
                          comparisonGroup: group, lane: 0, created: epoch),
            StoredMessage(conversationID: "c2", role: .assistant, content: "half", model: slow, status: .partial,
                          error: "cancelled", comparisonGroup: group, lane: 1, created: epoch),
            StoredMessage(conversationID: "c2", role: .assistant, content: "", model: claude, status: .failed,
                          error: "500 server error", comparisonGroup: group, lane: 2, created: epoch),
        ]
        var s = makeState(width: 120, height: 14)
        _ = reduce(&s, .conversationLoaded(conversation, messages))
        let phases = s.comparison?.lanes.map(\.phase)
        #expect(phases == [.done, .cancelled, .failed(reason: "✗ 500 server error")])
        #expect(render(s).trimmedRows[2].contains("cancelled"))
    }
}
