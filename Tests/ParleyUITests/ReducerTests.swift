import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

@Suite struct ReducerEditingTests {
    @Test func typingAndEditing() {
        var s = makeState()
        s.type("hello wrold")
        s.press(.ctrl("w"))
        s.type("world")
        #expect(s.editor.text == "hello world")
        s.press(.ctrl("a"), .delete, .ctrl("e"), .backspace)
        #expect(s.editor.text == "ello worl")
        s.press(.ctrlLeft)
        #expect(s.editor.cursor == 5)
        s.press(.alt("b"), .ctrl("u"))
        #expect(s.editor.text == "ello worl")   // at the line start already: nothing before
        s.press(.alt("f"), .ctrl("u"))
        #expect(s.editor.text == " worl")
    }

    @Test func newlineKeysInsertAndEnterSends() {
        var s = makeState()
        s.type("a")
        s.press(.ctrl("j"))
        s.type("b")
        s.press(.altEnter)
        s.type("c")
        #expect(s.editor.text == "a\nb\nc")
        let commands = s.press(.enter)
        #expect(commands.count == 1)
        #expect(s.editor.isEmpty)
        #expect(s.transcript.last?.text == "a\nb\nc")
    }

    @Test func pasteWithNewlinesNeverSends() {
        var s = makeState()
        let commands = reduce(&s, .input(.paste("line one\nline two\n")))
        #expect(commands.isEmpty)
        #expect(s.editor.text == "line one\nline two\n")
        #expect(s.transcript.isEmpty)
    }

    @Test func megabytePasteIsOneEdit() {
        var s = makeState()
        let big = String(repeating: "word ", count: 200_000) + "\n" + String(repeating: "中", count: 1000)
        #expect(reduce(&s, .input(.paste(big))).isEmpty)
        s.type("!")
        #expect(s.editor.characters.count == big.count + 1)
        let canvas = render(s)
        #expect(canvas.height == 16)
    }

    @Test func historyRecall() {
        var s = makeState()
        _ = s.send("first")
        s.press(.escape)   // cancels the first answer: a message is not sent over one still arriving
        _ = s.send("second")
        s.type("draft")
        s.press(.up)
        #expect(s.editor.text == "second")
        s.press(.up)
        #expect(s.editor.text == "first")
        s.press(.up)
        #expect(s.editor.text == "first")
        s.press(.down)
        #expect(s.editor.text == "second")
        s.press(.down)
        #expect(s.editor.text == "draft")
    }

    @Test func upInsideMultiLineTextMovesTheCursor() {
        var s = makeState()
        _ = s.send("old")
        s.type("one")
        s.press(.ctrl("j"))
        s.type("two")
        s.press(.up)
        #expect(s.editor.text == "one\ntwo")
        s.press(.up)
        #expect(s.editor.text == "old")
    }

    @Test func questionMarkOpensHelpOnlyWhenEmpty() {
        var s = makeState()
        s.type("?")
        #expect(s.overlay == .help(scroll: 0))
        s.press(.escape)
        #expect(s.overlay == nil)
        s.type("why?")
        #expect(s.editor.text == "why?")
        #expect(s.overlay == nil)
    }
}

@Suite struct ReducerSendTests {
    @Test func sendCarriesHistoryAndCurrentModel() throws {
        var s = makeState()
        s.systemPrompt = "be brief"
        let first = try s.sent("hi")
        s.answer(first, ["Hello", "!"])
        s.type("how are you?")
        let commands = s.press(.enter)
        guard case .send(let request, let messages, let chain, let route, _) = commands.first else {
            Issue.record("expected a send, got \(commands)")
            return
        }
        #expect(request != first)
        #expect(chain == [fast])
        #expect(route == .ordered)
        #expect(messages == [
            ChatMessage(role: .system, content: "be brief"),
            ChatMessage(role: .user, content: "hi"),
            ChatMessage(role: .assistant, content: "Hello!"),
            ChatMessage(role: .user, content: "how are you?"),
        ])
    }

    @Test func blankInputSendsNothing() {
        var s = makeState()
        s.type("   ")
        #expect(s.press(.enter).isEmpty)
    }

    @Test func hotkeySwitchChangesNextSendButNotPastMessages() throws {
        var s = makeState()
        let first = try s.sent("one")
        s.answer(first, ["answer one"])
        s.press(.ctrl("n"))
        #expect(s.currentModel == slow)
        #expect(StatusBar.modelText(s) == "demo:slow")
        s.type("two")
        guard case .send(_, _, let chain, _, _) = s.press(.enter).first else { Issue.record("no send"); return }
        #expect(chain == [slow])
        #expect(s.transcript.first { $0.role == .assistant }?.model == fast)
        s.press(.function(14))   // Shift-F2: previous
        #expect(s.currentModel == fast)
        s.press(.ctrl("p"))
        #expect(s.currentModel == claude)   // wraps around
        s.press(.function(2))
        #expect(s.currentModel == fast)
    }

    @Test func fallbackChainAndRoute() {
        var s = makeState()
        s.type("/fallback demo:slow fast openrouter:openai/gpt-4o-mini")
        s.press(.enter)
        #expect(s.chain == [slow, fast, gpt])
        s.type("/route cheapest")
        #expect(s.press(.enter) == [.remember(.route(.cheapest))])
        s.type("x")
        guard case .send(_, _, let chain, let route, _) = s.press(.enter).first else { Issue.record("no send"); return }
        #expect(chain == [slow, fast, gpt])
        #expect(route == .cheapest)
        #expect(StatusBar.modelText(s) == "demo:slow → demo:fast → openrouter:openai/gpt-4o-mini [cheapest]")
    }

    @Test func compareSendsToEveryModel() throws {
        var s = makeState()
        s.type("/compare demo:fast demo:slow")
        s.press(.enter)
        s.type("race")
        let commands = s.press(.enter)
        guard case .compare(let request, let lanes, let route, _) = commands.first else {
            Issue.record("expected compare: \(commands)")
            return
        }
        let question = [ChatMessage(role: .user, content: "race")]
        #expect(lanes == [LaneRequest(chain: [fast], messages: question), LaneRequest(chain: [slow], messages: question)])
        #expect(route == .ordered)
        s.answer(request, model: fast, ["A"], lane: 0)
        #expect(s.isBusy)
        s.answer(request, model: slow, ["B"], lane: 1)
        #expect(!s.isBusy)
        let answers = s.transcript.filter { $0.role == .assistant }
        #expect(answers.map(\.lane) == [0, 1])
        #expect(answers.map(\.text) == ["A", "B"])
        #expect(ChatView.label(for: answers[0], theme: .monochrome).plainText.hasPrefix("[1] ◆ demo:fast"))
        #expect(ChatView.label(for: answers[1], theme: .monochrome).plainText.hasPrefix("[2] ◆ demo:slow"))
    }
}

@Suite struct ReducerEngineTests {
    @Test func streamingThenFinishedWithStats() throws {
        var s = makeState()
        let r = try s.sent("hi")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        #expect(s.requests[r]?.phase == .waiting)
        s.engine(r, .textDelta(model: fast, text: "Hel"))
        #expect(s.transcript.last?.status == .streaming)
        #expect(s.requests[r]?.phase == .streaming(chunks: 1))
        s.engine(r, .finished(.init(model: fast, text: "Hello", usage: Usage(promptTokens: 10, completionTokens: 5),
                                    usageEstimated: true, cost: 0.001, timeToFirstToken: nil, duration: .seconds(1))))
        let answer = try #require(s.transcript.last)
        #expect(answer.text == "Hello")
        #expect(answer.status == .complete)
        #expect(answer.stats?.estimated == true)
        #expect(!s.isBusy)
        #expect(s.conversationUsage == UsageTotals(tokens: 15, cost: 0.001, approximate: true))
        #expect(ChatView.label(for: answer, theme: .monochrome).plainText == "◆ demo:fast  ~10 in · ~5 out · ~$0.0010 · 1.0 s")
    }

    @Test func partialAttemptStaysVisibleWhenChainFallsBack() throws {
        var s = makeState()
        let r = try s.sent("hi")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        for _ in 0..<37 { s.engine(r, .textDelta(model: fast, text: "x")) }
        s.engine(r, .attemptFailed(model: fast, attempt: 1, error: .timeout(.idle), partialText: String(repeating: "x", count: 37)))
        s.engine(r, .fallingBack(from: fast, to: slow, reason: "stalled"))
        #expect(s.requests[r]?.phase == .fallingBack(to: slow))
        s.engine(r, .attemptStarted(model: slow, attempt: 1))
        s.engine(r, .textDelta(model: slow, text: "Full answer"))
        s.engine(r, .finished(.init(model: slow, text: "Full answer", usage: Usage(promptTokens: 3, completionTokens: 2),
                                    usageEstimated: false, cost: nil, timeToFirstToken: nil, duration: .seconds(2))))
        let answers = s.transcript.filter { $0.role == .assistant }
        #expect(answers.count == 2)
        #expect(answers[0].model == fast)
        #expect(answers[0].status == .partial(reason: "stalled after 37 tokens"))
        #expect(answers[1].model == slow)
        #expect(answers[1].status == .complete)
        #expect(s.log.map(\.outcome) == [.info, .retry, .retry, .info, .ok])
    }

    @Test func attemptThatFailsBeforeAnyTextLeavesNoEmptyMessage() throws {
        var s = makeState()
        let r = try s.sent("hi")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        s.engine(r, .attemptFailed(model: fast, attempt: 1, error: .rateLimited(retryAfter: .seconds(2), message: "slow down"),
                                   partialText: ""))
        s.engine(r, .retryScheduled(model: fast, nextAttempt: 2, wait: .seconds(2)))
        #expect(s.requests[r]?.phase == .retrying(wait: .seconds(2)))
        #expect(!s.transcript.contains { $0.role == .assistant })
        #expect(s.log.last?.text.contains("retry") == true)
    }

    @Test func totalFailureKeepsTheMessageAndRetryResends() throws {
        var s = makeState()
        let r = try s.sent("important question")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        s.engine(r, .attemptFailed(model: fast, attempt: 1, error: .server(status: 500, message: "boom", retryAfter: nil), partialText: ""))
        s.engine(r, .failed(attempts: [.init(model: fast, attempt: 1, error: .server(status: 500, message: "boom", retryAfter: nil))]))
        #expect(!s.isBusy)
        let user = try #require(s.transcript.first { $0.role == .user })
        #expect(user.text == "important question")
        #expect(user.status == .unanswered(reason: "demo:fast: 500 server error: boom"))
        #expect(s.transcript.last?.role == .notice)
        #expect(s.log.last?.outcome == .failure)

        // Switch model, then retry: the same message goes to the new model.
        s.press(.ctrl("n"))
        let commands = s.press(.ctrl("r"))
        // A retry is a regenerate: placed beside the earlier answers in the store (issue 16).
        guard case .branching(.regenerate, .send(_, let messages, let chain, _, _)) = commands.first else {
            Issue.record("no send"); return
        }
        #expect(chain == [slow])
        #expect(messages == [ChatMessage(role: .user, content: "important question")])
        #expect(s.transcript.filter { $0.role == .user }.count == 1)
        #expect(s.transcript.first { $0.role == .user }?.status == .complete)
    }

    @Test func sendingWhileAnAnswerStreamsIsRefusedWithANoticeAndKeepsTheText() throws {
        var s = makeState()
        let r = try s.sent("first")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        s.engine(r, .textDelta(model: fast, text: "Hal"))
        #expect(s.send("second") == nil)
        #expect(s.editor.text == "second")
        #expect(s.notice?.text.contains("still arriving") == true)
        #expect(s.transcript.filter { $0.role == .user }.map(\.text) == ["first"])
        // Slash commands still work while it streams.
        s.type("/")
        #expect(s.send("model slow") == nil)
        // Once the answer ends, the same text sends, with the first answer in its history.
        s.editor.setText("second")
        s.engine(r, .finished(.init(model: fast, text: "Hallo", usage: Usage(promptTokens: 1, completionTokens: 2), usageEstimated: false, cost: nil,
                                    timeToFirstToken: nil, duration: .seconds(1))))
        guard case .send(_, let messages, _, _, _) = s.press(.enter).first else {
            Issue.record("no send after the answer ended"); return
        }
        #expect(messages.map(\.content) == ["first", "Hallo", "second"])
    }

    @Test func escapeThenSlashIsStillASlashCommand() {
        var s = makeState()
        // ncurses delivers Esc and a quick `/` as one Alt-/ when nothing binds Alt-/.
        s.press(.alt("/"))
        s.type("help")
        #expect(s.editor.text == "/help")
        // A bound Alt key keeps its binding.
        s.press(.alt("b"))
        #expect(s.editor.text == "/help")
    }

    @Test func totalFailureNoticeCountsInSingularAndEndsOneSentence() throws {
        var s = makeState()
        let r = try s.sent("q")
        let error = GatewayError.server(status: 503, message: "overloaded, please try again later.", retryAfter: nil)
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        s.engine(r, .attemptFailed(model: fast, attempt: 1, error: error, partialText: ""))
        s.engine(r, .failed(attempts: [.init(model: fast, attempt: 1, error: error)]))
        let notice = try #require(s.transcript.last?.text)
        #expect(notice.contains("(1 attempt on 1 model)"), "\(notice)")
        #expect(!notice.contains(".."), "\(notice)")
    }

    @Test func sendThatNeverHappenedGoesBackToTheEditor() throws {
        var s = makeState()
        let r = try s.sent("lost?")
        _ = reduce(&s, .sendFailed(request: r, reason: "no API key for demo"))
        #expect(s.editor.text == "lost?")
        #expect(s.transcript.isEmpty)
        #expect(!s.isBusy)
        #expect(s.notice?.isError == true)
    }

    @Test func cancelWithEscapeKeepsPartialText() throws {
        var s = makeState()
        let r = try s.sent("hi")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        s.engine(r, .textDelta(model: fast, text: "Once upon"))
        #expect(s.press(.escape) == [.cancel(r)])
        #expect(!s.isBusy)
        #expect(s.transcript.last?.status == .cancelled)
        #expect(s.transcript.last?.text == "Once upon")
        s.engine(r, .textDelta(model: fast, text: " a time"))   // late events change nothing
        s.engine(r, .cancelled)
        #expect(s.transcript.last?.text == "Once upon")
    }

    @Test func ctrlCCancelsThenTwiceQuits() throws {
        var s = makeState()
        let r = try s.sent("hi")
        #expect(s.press(.ctrl("c")) == [.cancel(r)])
        #expect(!s.wantsQuit)
        #expect(s.press(.ctrl("c")).isEmpty)
        #expect(!s.wantsQuit)
        #expect(s.press(.ctrl("c")) == [.quit])
        #expect(s.wantsQuit)
    }

    @Test func ctrlQQuits() {
        var s = makeState()
        #expect(s.press(.ctrl("q")) == [.quit])
        #expect(s.wantsQuit)
    }

    @Test func controlCharactersFromModelsNeverReachCells() throws {
        var s = makeState()
        let r = try s.sent("hi")
        s.answer(r, ["evil \u{1B}]52;c;AAAA\u{07} \u{1B}[2J\r done \u{9B}"])
        let canvas = render(s)
        #expect(!canvas.hasRawControlCharacter)
        #expect(canvas.rows.joined().contains("^[]52;c;AAAA^G"))
    }
}

@Suite struct ReducerPickerTests {
    @Test func fuzzySearchAndSelect() {
        var s = makeState()
        s.press(.ctrl("o"))
        guard case .picker(let opened) = s.overlay else { Issue.record("picker not open"); return }
        #expect(opened.selectedModel == fast)
        #expect(opened.rows.prefix(3).map(\.model) == [fast, slow, claude])   // favourites first
        s.type("gpt4")
        guard case .picker(let picker) = s.overlay else { Issue.record("picker closed"); return }
        #expect(picker.rows.first?.model == gpt)
        let commands = s.press(.enter)
        #expect(commands == [.remember(.chain([gpt]))])
        #expect(s.currentModel == gpt)
        #expect(s.overlay == nil)
    }

    @Test func markingBuildsAChainInMarkOrder() {
        var s = makeState()
        s.press(.function(3))
        s.type("sonnet")
        s.press(.character(" "))   // mark claude
        s.press(.ctrl("u"))
        s.type("demo:slow")
        s.press(.tab)              // mark slow
        s.press(.enter)
        #expect(s.chain == [claude, slow])
    }

    @Test func markingTwoThenCompare() {
        var s = makeState()
        s.press(.ctrl("o"))
        s.press(.character(" "), .character(" "))   // marks fast, then slow (marking moves down)
        s.press(.ctrl("x"))
        #expect(s.compareSet == [[fast], [slow]])
        #expect(s.overlay == nil)
        #expect(StatusBar.modelText(s) == "compare: demo:fast | demo:slow")
    }

    @Test func escapeClosesWithoutChange() {
        var s = makeState()
        s.press(.ctrl("o"))
        s.type("gem")
        s.press(.escape)
        #expect(s.overlay == nil)
        #expect(s.currentModel == fast)
    }
}

@Suite struct SlashCommandTests {
    func run(_ s: inout AppState, _ line: String) -> [Command] {
        s.type(line)
        return s.press(.enter)
    }

    @Test func modelByFuzzyName() {
        var s = makeState()
        #expect(run(&s, "/model sonnet") == [.remember(.chain([claude]))])
        #expect(s.currentModel == claude)
        _ = run(&s, "/model demo:slow")
        #expect(s.currentModel == slow)
    }

    @Test func badArgumentsAndUnknownCommands() {
        var s = makeState()
        _ = run(&s, "/frobnicate")
        #expect(s.notice == Notice("unknown command /frobnicate — /help lists them", isError: true))
        _ = run(&s, "/route sideways")
        #expect(s.notice?.isError == true)
        #expect(s.notice?.text.hasPrefix("usage: /route") == true)
        _ = run(&s, "/compare onlyone")
        #expect(s.notice?.text.hasPrefix("usage: /compare") == true)
        #expect(run(&s, "/theme plaid") == [.loadTheme(name: "plaid")])
        #expect(s.transcript.isEmpty)
    }

    @Test func everyCommand() {
        var s = makeState()
        #expect(run(&s, "/usage") == [.loadUsage])
        #expect(s.overlay == .usage(scroll: 0))
        s.press(.escape)
        #expect(run(&s, "/history") == [.loadHistory])
        s.press(.escape)
        #expect(run(&s, "/export") == [.exportConversation(format: .markdown, path: nil)])
        #expect(run(&s, "/export md") == [.exportConversation(format: .markdown, path: nil)])
        #expect(run(&s, "/export json") == [.exportConversation(format: .json, path: nil)])
        #expect(run(&s, "/export json ~/my notes/out.txt") == [.exportConversation(format: .json, path: "~/my notes/out.txt")])
        #expect(run(&s, "/export /tmp/chat.json") == [.exportConversation(format: .json, path: "/tmp/chat.json")])
        #expect(run(&s, "/export notes.md") == [.exportConversation(format: .markdown, path: "notes.md")])
        // The runtime looks themes up (user themes/NAME.toml, shipped, path), as --theme does.
        #expect(run(&s, "/theme mine") == [.loadTheme(name: "mine")])
        #expect(run(&s, "/theme ~/my themes/x.toml") == [.loadTheme(name: "~/my themes/x.toml")])
        #expect(reduce(&s, .themeLoaded(Theme(name: "mine", styles: [:], fallback: .light), name: "mine"))
                == [.remember(.theme("mine"))])
        #expect(s.theme.name == "mine")
        #expect(s.notice == Notice("theme: mine"))
        _ = run(&s, "/system You are terse.")
        #expect(s.systemPrompt == "You are terse.")
        _ = run(&s, "/help")
        #expect(s.overlay == .help(scroll: 0))
        s.press(.escape)
        _ = s.send("hello")
        #expect(run(&s, "/new").last == .newConversation)
        #expect(s.transcript.isEmpty)
        #expect(run(&s, "/quit") == [.quit])
        #expect(s.wantsQuit)
    }

    /// Issue 17: `/fallback safe` became a model called `provider:safe`.
    @Test func fallbackTakesANamedChainOfTheConfig() {
        var s = makeState()
        s.chains = ["safe": [claude, gpt, fast]]
        _ = run(&s, "/fallback safe")
        #expect(s.chain == [claude, gpt, fast])
        #expect(s.notice?.text.contains("anthropic/claude-sonnet-4.6 → openrouter:openai/gpt-4o-mini") == true)
    }

    /// Issue 17: `/model nosuchthing` was accepted and failed later with a 404.
    @Test func modelIsCheckedAgainstTheCatalogue() {
        var s = makeState()
        _ = run(&s, "/model demo:fsat")
        #expect(s.currentModel == fast)
        #expect(s.notice?.isError == true)
        #expect(s.notice?.text.hasPrefix("no model demo:fsat in the catalogue — did you mean demo:fast") == true,
                "\(s.notice?.text ?? "")")
        _ = run(&s, "/fallback demo:slow demo:nosuchthing")
        #expect(s.chain == [fast])
        #expect(s.notice?.text.contains("demo:nosuchthing") == true)
        // Simulator names with parameters are their base model.
        _ = run(&s, "/model demo:slow@tps=80")
        #expect(s.currentModel == ModelRef(provider: "demo", model: "slow@tps=80"))
    }

    @Test func modelIsAcceptedWhenNoCatalogueIsKnown() {
        var s = makeState()
        s.catalogue = [:]
        _ = run(&s, "/model nosuchthing")
        #expect(s.currentModel == ModelRef(provider: "demo", model: "nosuchthing"))
    }

    /// Issue 17: notices stayed on screen through later actions.
    @Test func noticeGoesWithTheNextKey() {
        var s = makeState()
        _ = run(&s, "/route cheapest")
        #expect(s.notice == Notice("route: cheapest"))
        #expect(render(s).rows.contains { $0.contains("route: cheapest") })
        s.type("h")
        #expect(s.notice == nil)
        #expect(!render(s).rows.contains { $0.contains("route: cheapest") })
        // A resize is not an action of the user's.
        s.press(.backspace)
        _ = run(&s, "/route fastest")
        _ = reduce(&s, .input(.resize(width: 70, height: 20)))
        #expect(s.notice == Notice("route: fastest"))
    }

    @Test func doubleSlashSendsALiteralSlash() {
        var s = makeState()
        guard case .send(_, let messages, _, _, _) = run(&s, "//model is a path").first else { Issue.record("no send"); return }
        #expect(messages.last?.content == "/model is a path")
    }
}

@Suite struct ReducerMiscTests {
    @Test func scrollbackAndNewTextHint() throws {
        var s = makeState(height: 12)
        for i in 0..<6 {
            let r = try s.sent("question \(i)")
            s.answer(r, ["answer \(i)"])
        }
        s.press(.pageUp)
        #expect(s.isScrolledBack)
        let r = try s.sent("more")
        #expect(!s.isScrolledBack)   // sending follows again
        s.press(.pageUp)
        let held = s.chatScroll
        let before = render(s).trimmedRows
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        s.engine(r, .textDelta(model: fast, text: "new\nlines\nhere"))
        // The rows the user reads do not move; the hint is on the separator line.
        let chat = Layout(state: s).chat
        #expect(render(s).trimmedRows.prefix(chat.height) == before.prefix(chat.height))
        #expect(s.hasUnseenText)
        #expect(s.chatScroll == held)   // the view stays on what the user reads
        #expect(render(s).rows[Layout(state: s).separator.y].contains("↓ new text"))
        s.press(.ctrlEnd)
        #expect(!s.isScrolledBack && !s.hasUnseenText)
        _ = reduce(&s, .input(.scroll(lines: -3)))
        #expect(s.isScrolledBack)
        s.press(.pageDown, .pageDown)
        #expect(!s.isScrolledBack)
    }

    @Test func scrollIsClampedToContent() {
        var s = makeState()
        s.press(.pageUp, .pageUp, .ctrlHome)
        #expect(!s.isScrolledBack)   // nothing to scroll: the welcome text fits
        _ = reduce(&s, .input(.resize(width: 3, height: 3)))
        for _ in 0..<10 { s.press(.ctrlHome) }
        _ = reduce(&s, .input(.scroll(lines: Int.min)))
        _ = reduce(&s, .input(.scroll(lines: Int.max)))
        _ = reduce(&s, .input(.resize(width: 60, height: 16)))
        s.press(.pageUp)
        #expect(!s.isScrolledBack)
    }

    @Test func loadedDataActions() {
        var s = makeState()
        _ = reduce(&s, .catalogueLoaded([gpt: catalogue[gpt]!], latency: [gpt: LatencyStats(samples: 3,
            medianTimeToFirstToken: .milliseconds(400), p95TimeToFirstToken: nil, tokensPerSecond: nil)]))
        #expect(s.catalogue.count == 1)
        #expect(s.latency[gpt]?.samples == 3)
        _ = reduce(&s, .usageLoaded(today: [UsageRow(key: "demo:fast", requests: 2, promptTokens: 100, completionTokens: 50, costUSD: 0.5)],
                                    allTime: []))
        #expect(s.todayUsage.tokens == 150)
        _ = reduce(&s, .notice("exported to /tmp/x.md"))
        #expect(s.notice == Notice("exported to /tmp/x.md"))
        #expect(reduce(&s, .tick).isEmpty)
    }

    @Test func resizeToAnySize() {
        var s = makeState()
        for (w, h) in [(0, 0), (1, 1), (10, 3), (19, 5), (20, 6), (200, 60), (-5, -5)] {
            _ = reduce(&s, .input(.resize(width: w, height: h)))
            let canvas = render(s)
            #expect(canvas.width == max(0, w) && canvas.height == max(0, h))
        }
    }

    @Test func logToggle() {
        var s = makeState()
        s.press(.ctrl("l"))
        #expect(s.showLog)
        s.press(.function(4))
        #expect(!s.showLog)
    }
}
