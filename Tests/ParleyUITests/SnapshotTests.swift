import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

/// Text snapshots of whole screens, compared row by row (trailing spaces trimmed), in the
/// manner of ratatui's TestBackend. Monochrome theme, so the rows are the whole story.
@Suite struct SnapshotTests {
    @Test func welcomeScreen() {
        let s = makeState(width: 40, height: 8)
        #expect(render(s).trimmedRows == [
            "  Welcome to Parley.",
            "",
            "",
            "",
            "",
            "────────────────────────────────────────",
            "› type a message · Enter send · Ctrl-J n",
            " demo:fast  │ idle │ chat 0 tok $0 │ tod",
        ])
        #expect(render(s).cursor! == (x: 2, y: 6))
    }

    @Test func conversationWithStatsAndMarkdown() throws {
        var s = makeState(width: 48, height: 14)
        let r = try s.sent("hi")
        s.answer(r, ["# Hello\nSome **bold** text and a list:\n", "- one\n```\ncode\n```"])
        #expect(render(s).trimmedRows == [
            "▌ you",
            "  hi",
            "",
            "◆ demo:fast  12 in · 34 out · $0.00012 · 2.1 s",
            "  Hello",
            "  Some bold text and a list:",
            "  • one",
            "    [1]",
            "    code",
            "",
            "",
            "────────────────────────────────────────────────",
            "› type a message · Enter send · Ctrl-J newline ·",
            " demo:fast  │ idle │ chat 46 tok $0.00012 │ toda",
        ])
    }

    @Test func partialAttemptAndFallback() throws {
        var s = makeState(width: 50, height: 12)
        let r = try s.sent("tell me")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        for word in ["Once ", "upon"] { s.engine(r, .textDelta(model: fast, text: word)) }
        s.engine(r, .attemptFailed(model: fast, attempt: 1, error: .timeout(.idle), partialText: "Once upon"))
        s.engine(r, .fallingBack(from: fast, to: slow, reason: "stalled"))
        s.engine(r, .attemptStarted(model: slow, attempt: 1))
        s.engine(r, .textDelta(model: slow, text: "A story."))
        #expect(render(s).trimmedRows == [
            "▌ you",
            "  tell me",
            "",
            "◆ demo:fast",
            "  Once upon",
            "  ⚠ partial — stalled after 2 tokens",
            "",
            "◆ demo:slow  streaming…",
            "  A story.",
            "──────────────────────────────────────────────────",
            "› type a message · Enter send · Ctrl-J newline · F",
            " demo:fast  │ streaming 1 tok │ chat 0 tok $0 │ to",
        ])
    }

    @Test func wideCharactersAndEmoji() throws {
        var s = makeState(width: 20, height: 10)
        let r = try s.sent("你好")
        s.answer(r, ["中文字符测试😀 ok"], cost: nil)
        let canvas = render(s)
        #expect(canvas.trimmedRows == [
            "▌ you",
            "  你好",
            "",
            "◆ demo:fast  12 in ·",
            "  中文字符测试😀 ok",
            "",
            "",
            "────────────────────",
            "› type a message · E",
            " demo:fast  │ idle │",
        ])
        // A wide character is one cell plus a continuation cell.
        #expect(canvas[2, 1].character == "你" && canvas[2, 1].width == 2 && canvas[3, 1].width == 0)
    }

    @Test func editorGrowsAndScrolls() {
        var s = makeState(width: 20, height: 9)
        _ = reduce(&s, .input(.paste("one\ntwo\nthree\nfour\nfive")))
        let rows = render(s).trimmedRows
        // At most a third of the screen (3 rows); the cursor's row is the last shown.
        #expect(rows.suffix(4) == ["  three", "  four", "  five", " demo:fast  │ idle │"])
        #expect(render(s).cursor! == (x: 6, y: 7))
    }

    @Test func fallbackLogPane() throws {
        var s = makeState(width: 72, height: 16)
        let r = try s.sent("hi")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        s.engine(r, .attemptFailed(model: fast, attempt: 1, error: .rateLimited(retryAfter: .seconds(2), message: "slow down"), partialText: ""))
        s.engine(r, .retryScheduled(model: fast, nextAttempt: 2, wait: .seconds(2)))
        s.press(.ctrl("l"))
        let rows = render(s).trimmedRows
        let top = try #require(rows.firstIndex { $0.hasPrefix("── fallback log ─") })
        #expect(rows[top + 1] == " 20:26:40.000 demo:fast  sending")
        #expect(rows[top + 2] == " 20:26:40.000 demo:fast  429 rate limited (retry in 2.0 s): slow down")
        #expect(rows[top + 3] == " 20:26:40.000 demo:fast  retry (attempt 2) in 2.00 s")
        #expect(render(s).cells.contains { $0.character == "4" && $0.style == Theme.monochrome[.retry] })
        #expect(rows[15].contains("retrying in 2.0 s"))
    }

    @Test func pickerShowsPricesAndMarks() {
        var s = makeState(width: 70, height: 10)
        s.press(.ctrl("o"))
        s.type("o")
        s.press(.character(" "))
        let rows = render(s).trimmedRows
        #expect(rows[0].hasPrefix("  ┌─ Models"))
        #expect(rows[1].hasPrefix("  │> o"))
        #expect(rows[1].hasSuffix("5 models · 1 marked│"))
        #expect(rows.contains { $0.contains("[1] openrouter:") })
        #expect(rows.contains { $0.contains("$3 / $15 · 200k ctx") })
        #expect(rows.contains { $0.contains("free · 131k ctx") })
    }

    /// Issue 13: models the catalogue says reason carry a dim `think` before their details.
    @Test func pickerMarksModelsThatReason() throws {
        var s = makeState(width: 70, height: 10)
        let thinker = ModelRef(provider: "demo", model: "thinker")
        s.catalogue[thinker] = ModelInfo(id: "thinker", contextLength: 128_000, promptPricePerMillion: 0.5,
                                         completionPricePerMillion: 2, supportsReasoning: true)
        s.favourites.append(thinker)
        s.press(.ctrl("o"))
        s.type("thinker")
        let canvas = render(s)
        let rows = canvas.trimmedRows
        let row = try #require(rows.firstIndex { $0.contains("demo:thinker") }, "\(rows)")
        #expect(rows[row].hasSuffix("think · $0.5 / $2 · 128k ctx│"), "\(rows[row])")
        // Plain (dim) text on an unselected row; here the row is the selection.
        let markX = rows[row].distance(from: rows[row].startIndex, to: try #require(rows[row].range(of: "think ·")).lowerBound)
        #expect(canvas[markX, row].style == Theme.monochrome[.selection])
        // Models that do not reason have no mark.
        s.press(.escape)
        s.press(.ctrl("o"))
        s.type("gemma")
        #expect(!render(s).trimmedRows.contains { $0.contains("think") })
    }

    @Test func helpOverlayListsBindings() {
        // Tall enough for the whole help, which grows with every command.
        var s = makeState(width: 80, height: 160)
        s.type("?")
        let text = render(s).trimmedRows.joined(separator: "\n")
        #expect(text.contains("ctrl-n, f2"))
        #expect(text.contains("next favourite model"))
        #expect(text.contains("/fallback A B C"))
    }

    /// Issue 17: descriptions were cut off with no ellipsis even at 120 columns. They wrap in the
    /// width there is, so every word of every one shows, at 80 and at 120 columns.
    @Test(arguments: [80, 120])
    func helpWrapsDescriptionsInTheWidthThereIs(width: Int) {
        var s = makeState(width: width, height: 200)
        s.type("?")
        let rows = render(s).rows
        let inside = rows.map { $0.replacingOccurrences(of: "│", with: " ") }.joined(separator: " ")
        func collapsed(_ text: String) -> String { text.split(separator: " ").joined(separator: " ") }
        let shown = collapsed(inside)
        for command in SlashCommand.allCases {
            #expect(shown.contains(collapsed(command.help.usage + " " + command.help.summary)), "\(command)")
        }
        for command in KeyCommand.allCases where !s.keymap.keys(for: command).isEmpty {
            #expect(shown.contains(collapsed(command.summary)), "\(command)")
        }
        // The box uses the screen: wider at 120 than at 80, and it wraps rather than runs over.
        let top = rows.first { $0.contains("Help") } ?? ""
        #expect(top.trimmingCharacters(in: .whitespaces).count == min(110, width - 4))
    }

    @Test func usageOverlay() {
        var s = makeState(width: 70, height: 12)
        _ = reduce(&s, .usageLoaded(today: [UsageRow(key: "demo:fast", requests: 1, promptTokens: 1000, completionTokens: 200, costUSD: 0.01)],
                                    allTime: [UsageRow(key: "demo:fast", requests: 9, promptTokens: 9000, completionTokens: 2000, costUSD: 0.5),
                                              UsageRow(key: "demo:slow", requests: 1, promptTokens: 10, completionTokens: 5,
                                                       costUSD: 0, includesEstimatedTokens: true, includesUnknownCost: true)]))
        s.press(.function(5))
        let rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("demo:fast") && $0.contains("1.2k") && $0.contains("$0.01") && $0.contains("11k") && $0.contains("$0.50") })
        #expect(rows.contains { $0.contains("demo:slow") && $0.contains("~15") && $0.contains("≥$0") })
    }

    /// Issue 17: a model that only failed showed 0; the ledger's cached and reasoning tokens were
    /// not shown at all.
    @Test func usageShowsRequestsFailuresCachedAndReasoningTokens() {
        var s = makeState(width: 120, height: 14)
        let rows = [UsageRow(key: "demo:overloaded", requests: 3, failures: 3, promptTokens: 30, completionTokens: 0,
                             costUSD: 0, includesEstimatedTokens: true),
                    UsageRow(key: "demo:thinker", requests: 2, failures: 0, promptTokens: 5000, completionTokens: 2000,
                             costUSD: 0.02, cachedTokens: 4000, reasoningTokens: 1500)]
        _ = reduce(&s, .usageLoaded(today: rows, allTime: rows))
        s.press(.function(5))
        let shown = render(s).trimmedRows
        #expect(shown.contains { $0.contains("req") && $0.contains("failed") && $0.contains("cached") && $0.contains("reasoning") })
        let overloaded = shown.first { $0.contains("demo:overloaded") } ?? ""
        #expect(overloaded.split(separator: " ").suffix(5).prefix(2) == ["3", "3"], "\(overloaded)")
        let thinker = shown.first { $0.contains("demo:thinker") } ?? ""
        #expect(thinker.contains(" 4k ") && thinker.contains("1.5k"), "\(thinker)")
    }

    @Test func tinySizes() {
        var s = makeState(width: 10, height: 3)
        #expect(render(s).trimmedRows == ["", "too small", ""])
        _ = reduce(&s, .input(.resize(width: 18, height: 2)))
        #expect(render(s).trimmedRows == [" window too small", ""])
        _ = reduce(&s, .input(.resize(width: 1, height: 1)))
        #expect(render(s).trimmedRows == ["t"])
        _ = reduce(&s, .input(.resize(width: 0, height: 0)))
        #expect(render(s).rows.isEmpty)
    }

    @Test func wideCharacterAtTheEdgeIsNotSplit() {
        var canvas = Canvas(width: 5, height: 1)
        canvas.write("ab中文", x: 0, y: 0, style: .plain)
        #expect(canvas.rows == ["ab中 "])
        canvas.write("x", x: 3, y: 0, style: .plain)   // over the continuation half
        #expect(canvas.rows == ["ab x "])
    }
}

@Suite struct OverlayTests {
    @Test func helpScrollsWhenTallerThanTheScreen() {
        var s = makeState(width: 80, height: 20)
        s.press(.function(1))
        let first = render(s).trimmedRows
        #expect(first[0].contains("scroll"))
        #expect(first[1].contains("Keys"))
        s.press(.pageDown)
        #expect(s.overlay == .help(scroll: 16))
        #expect(render(s).trimmedRows[1] != first[1])
        // Page down to the end, however many commands the help lists by now.
        for _ in 0..<12 where !render(s).trimmedRows.contains(where: { $0.contains("/quit") }) { s.press(.pageDown) }
        #expect(render(s).trimmedRows.contains { $0.contains("/quit") })
        s.press(.character("x"))
        #expect(s.overlay == nil)
        #expect(s.editor.isEmpty)   // the closing key is not typed
    }

    @Test func overlaysHideTheChatBehindThem() throws {
        var s = makeState(width: 60, height: 16)
        let r = try s.sent("hello there")
        s.answer(r, ["hi"])
        s.press(.ctrl("o"))
        #expect(!render(s).trimmedRows.contains { $0.contains("▌ you") })
    }
}

@Suite struct RobustnessTests {
    /// Every view at every small size, with every overlay: nothing may crash, and the canvas is
    /// always exactly the screen size.
    @Test func everySmallSizeWithEveryOverlay() throws {
        var base = makeState()
        let r = try base.sent("你好 \u{1B}[31m with a long line that must wrap somewhere")
        base.answer(r, ["# Title\n```\nwide code line that is longer than the pane\n```\n- item 😀"])
        base.press(.ctrl("l"))
        _ = reduce(&base, .input(.paste("draft\nwith lines")))
        let overlays: [Overlay?] = [nil, .help(scroll: 3), .picker(PickerState()), .usage(scroll: 0), .history(HistoryState())]
        for overlay in overlays {
            for w in [0, 1, 2, 5, 19, 20, 21, 25, 33] {
                for h in [0, 1, 2, 5, 6, 7, 9] {
                    var s = base
                    if case .picker = overlay { s.press(.ctrl("o")) } else { s.overlay = overlay }
                    _ = reduce(&s, .input(.resize(width: w, height: h)))
                    let canvas = render(s)
                    #expect(canvas.width == w && canvas.height == h)
                    #expect(!canvas.hasRawControlCharacter)
                }
            }
        }
    }
}

@Suite struct HistoryTests {
    @Test func historyListOpensAConversation() {
        var s = makeState()
        s.type("/history")
        #expect(s.press(.enter) == [.loadHistory])
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        _ = reduce(&s, .historyLoaded([
            ConversationSummary(conversation: Conversation(id: "a", title: "First chat", systemPrompt: nil,
                                                           created: now, updated: now), messageCount: 2),
            ConversationSummary(conversation: Conversation(id: "b", title: "Second chat", systemPrompt: "be kind",
                                                           created: now, updated: now), messageCount: 4),
        ]))
        #expect(render(s).trimmedRows.contains { $0.contains("2026-05-28 20:26  First chat") })
        s.press(.down)
        #expect(s.press(.enter) == [.openConversation(id: "b")])
        _ = reduce(&s, .conversationLoaded(
            Conversation(id: "b", title: "Second chat", systemPrompt: "be kind", created: now, updated: now),
            [StoredMessage(conversationID: "b", role: .user, content: "q", created: now),
             StoredMessage(conversationID: "b", role: .assistant, content: "half", model: slow, status: .partial,
                           error: "stalled", created: now)]))
        #expect(s.systemPrompt == "be kind")
        #expect(s.transcript.map(\.text) == ["q", "half"])
        #expect(s.transcript[1].status == .partial(reason: "stalled"))
        #expect(s.transcript[1].model == slow)
    }
}
