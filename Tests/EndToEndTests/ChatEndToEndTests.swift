import Foundation
import Testing

/// The full-screen chat driven in a real terminal (tmux) against the demo gateway: what a user
/// types, and what the screen then shows.
@Suite("The chat in a terminal, end to end")
struct ChatEndToEndTests {
    /// Starts `parley chat …` in tmux with a fresh PARLEY_HOME; the shell prints the exit status
    /// after Parley ends, so tests can see that it quit and how.
    private func start(_ arguments: [String] = [], width: Int = 100, height: Int = 30,
                       extraEnvironment: [String: String] = [:]) throws -> (TmuxSession, TemporaryHome) {
        let home = try TemporaryHome()
        let session = try TmuxSession.parley(arguments, environment: home.environment(extraEnvironment), width: width, height: height)
        return (session, home)
    }

    @Test func firstRunWelcomesOnTheDemoAndShowsAFallbackInTheLog() async throws {
        let (tui, home) = try start()
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("Welcome to Parley")
        try await tui.waitFor("built-in demo gateway")
        try tui.send("What is a gateway?", literal: true)
        try tui.send("Enter")
        let screen = try await tui.waitFor("done:", deadline: .seconds(60))
        #expect(screen.contains("503"), "the overloaded demo model fails first:\n\(screen)")
        #expect(screen.contains("falling back to demo:fast"))
        #expect(screen.contains("◆ demo:fast"), "the answer is labelled with the model that gave it")
        #expect(screen.contains("You asked: “What is a gateway?”"))
    }

    @Test func theHotkeySwitchesTheModelForTheNextMessageOnly() async throws {
        let (tui, home) = try start(["-m", "demo:echo"], height: 60)
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:echo")
        try tui.send("first message", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("◆ demo:echo")
        try tui.send("C-n")
        try await tui.waitUntil("status shows demo:fast") { $0.split(separator: "\n").last?.contains("demo:fast") == true }
        try tui.send("second message", literal: true)
        try tui.send("Enter")
        let screen = try await tui.waitFor("◆ demo:fast", deadline: .seconds(60))
        #expect(screen.contains("◆ demo:echo"), "the first answer keeps its model:\n\(screen)")
    }

    @Test func f2AndShiftF2CycleTheFavouriteModelsBothWays() async throws {
        let (tui, home) = try start(["-m", "demo:echo"])
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:echo")
        func statusShows(_ model: String) async throws {
            try await tui.waitUntil("status shows \(model)") { $0.split(separator: "\n").last?.contains(model) == true }
        }
        // The favourites are demo:echo (the model started with), then the demo's own list.
        try tui.send("F2")
        try await statusShows("demo:fast")
        try tui.send("F2")
        try await statusShows("demo:slow")
        try tui.send("S-F2")
        try await statusShows("demo:fast")
        try tui.send("S-F2")
        try await statusShows("demo:echo")
    }

    @Test func thePickerSelectsAModelByFuzzySearch() async throws {
        let (tui, home) = try start(["-m", "demo:echo"])
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:echo")
        try tui.send("C-o")
        try await tui.waitFor("Models")
        try tui.send("premum", literal: true)  // a typo: the fuzzy match still finds it
        try await tui.waitFor("demo:premium")
        try tui.send("Enter")
        try await tui.waitUntil("status shows demo:premium") { $0.split(separator: "\n").last?.contains("demo:premium") == true }
        try tui.send("hello premium", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("◆ demo:premium", deadline: .seconds(60))
    }

    @Test func escapeCancelsTheAnswerInFlight() async throws {
        // Two tokens a second: the answer is still streaming when Escape arrives, however slowly
        // a loaded machine lets the test see its first words.
        let (tui, home) = try start(["-m", "demo:slow@tps=2"])
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:slow")
        try tui.send("tell me a long story", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("You asked", deadline: .seconds(30))
        try tui.send("Escape")
        try await tui.waitFor("cancelled")
        #expect(try tui.screen().split(separator: "\n").last?.contains("idle") == true)
    }

    @Test func resizingMidStreamKeepsTheScreenWhole() async throws {
        let (tui, home) = try start(["-m", "demo:slow"])
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:slow")
        try tui.send("stream while I resize", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("You asked")
        for (width, height) in [(40, 12), (12, 4), (3, 2), (120, 40), (60, 20)] {
            try tui.resize(width: width, height: height)
            try await tui.waitUntil("a frame drawn for \(width)x\(height)") { screen in
                let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                return lines.allSatisfy { $0.count <= width }
            }
        }
        let screen = try await tui.waitFor("done:", deadline: .seconds(60))
        #expect(!screen.contains("PARLEY EXITED"), "it did not crash:\n\(screen)")
        #expect(screen.contains("demo:slow"))
    }

    @Test func aLargePasteIsOneEditAndNeverSendsByItself() async throws {
        let (tui, home) = try start(["-m", "demo:echo"])
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:echo")
        let lines = (1...2000).map { "pasted line \($0) with some text to make it longer" }
        try tui.paste(lines.joined(separator: "\n"))
        try await tui.waitFor("pasted line 2000")
        // Nothing was sent: no user message in the chat, no request.
        let screen = try tui.screen()
        #expect(!screen.contains("▌ you"), "a paste must not send:\n\(screen)")
        try tui.send("Enter")
        // demo:echo takes 8192 tokens: the context guard stops the paste first, and the second
        // Enter sends it anyway (it is the only message, so there is nothing to leave out).
        try await tui.waitFor("demo:echo takes 8192")
        try tui.send("Enter")
        // The echoed answer is as long as the paste: its label scrolls away, the log says it's done.
        let done = try await tui.waitFor("demo:echo  done:", deadline: .seconds(90))
        #expect(done.contains("pasted line 2000"))
    }

    @Test func modelTextNeverDrivesTheTerminal() async throws {
        let (tui, home) = try start(["-m", "demo:escapes"])
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:escapes")
        try tui.send("show me escapes", literal: true)
        try tui.send("Enter")
        let screen = try await tui.waitFor("done:", deadline: .seconds(60))
        #expect(screen.contains("^[[31mred text^[[0m"), "escapes are made visible:\n\(screen)")
        #expect(screen.contains("^[]52;c;"), "a clipboard write is shown, not performed")
        #expect(try tui.paneTitle().contains("pwned") == false)
    }

    @Test func aThreeWayComparisonWithAFallbackThenFocusZoomAndPickAWinner() async throws {
        let (tui, home) = try start(["-m", "demo:echo"], width: 150, height: 50)
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:echo")
        // The fallback log is open on the demo. The third lane has a chain of its own: demo:broken, then demo:fast.
        try tui.send("/compare demo:echo demo:cheap demo:broken,demo:fast", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("compare: demo:echo | demo:cheap | demo:broken → demo:fast")
        try tui.send("side by side please", literal: true)
        try tui.send("Enter")
        // Three panes side by side, one per model, each with its own header; the third fell back.
        let panes = try await tui.waitUntil(deadline: .seconds(60), "three panes, all done, lane 3 on demo:fast") { screen in
            let header = screen.split(separator: "\n").first { $0.contains("[1] demo:echo") && $0.contains("│") } ?? ""
            let idle = screen.split(separator: "\n").last?.contains("│ idle │") == true
            return header.contains("[2] demo:cheap") && header.contains("[3] demo:fast ← broken") && idle
        }
        let log = panes.split(separator: "\n")
        #expect(log.contains { $0.contains("[3] demo:broken") && $0.contains("500") },
                "the log shows the failed attempt:\n\(panes)")
        #expect(log.contains { $0.contains("[3] demo:broken") && $0.contains("falling back to demo:fast") },
                "and the lane's fallback:\n\(panes)")
        // Focus the second pane, zoom it, zoom back, and pick it.
        try tui.send("Tab")
        try tui.send("Tab")
        try await tui.waitFor("▶[2] demo:cheap")
        try tui.send("F6")
        // The pane headers share one row when side by side; zoomed, the focused pane is alone.
        func headerRow(_ screen: String) -> Substring? {
            screen.split(separator: "\n").first { $0.contains("[1] demo:echo") && $0.contains("[2] demo:cheap") }
        }
        try await tui.waitUntil("zoomed to full width") { headerRow($0) == nil && $0.contains("▶[2] demo:cheap") }
        try tui.send("F6")
        try await tui.waitUntil("back side by side") { headerRow($0) != nil }
        try tui.send("Enter")
        try await tui.waitUntil("status bar on the winner") { $0.split(separator: "\n").last?.contains("demo:cheap") == true }
        // The chat goes on with the winner; the other answers stay, marked as alternatives.
        try tui.send("and a follow-up", literal: true)
        try tui.send("Enter")
        let after = try await tui.waitFor("You asked: “and a follow-up”", deadline: .seconds(60))
        #expect(after.contains("◆ demo:cheap"), "\(after)")
        // The pick is stored: the history marks the reply and the alternatives.
        let list = try await runParley(["history", "list", "--json"], environment: home.environment())
        let id = try #require(list.stdout.firstMatch(of: /"id"\s*:\s*"([0-9a-f-]+)"/)?.1)
        let shown = try await runParley(["history", "show", String(id)], environment: home.environment())
        #expect(shown.stdout.contains("demo:cheap · lane 2 · picked"), "\(shown.stdout)")
        #expect(shown.stdout.contains("demo:echo · lane 1 · alternative"), "\(shown.stdout)")
        let usage = try await runParley(["usage", "--json"], environment: home.environment())
        #expect(usage.stdout.contains("demo:broken") && usage.stdout.contains("demo:cheap"), "comparisons are in the ledger")
    }

    @Test func stoppingOneLaneThenAFollowUpGoesToEachLanesOwnThread() async throws {
        let (tui, home) = try start(["-m", "demo:echo"], width: 210, height: 40)
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:echo")
        try tui.send("/compare demo:echo demo:recall demo:stream@tps=20,ttft=0,chunks=2000", literal: true)
        try tui.send("Enter")
        try tui.send("first", literal: true)
        try tui.send("Enter")
        try await tui.waitUntil(deadline: .seconds(60), "recall answered, the stream streaming") { screen in
            screen.contains("I have not answered anything yet.") && screen.contains("streaming")
        }
        // Focus the third pane and stop it alone.
        try tui.send("Tab")
        try tui.send("Tab")
        try tui.send("Tab")
        try await tui.waitFor("▶[3] demo:stream")
        try tui.send("F8")
        let stopped = try await tui.waitUntil("the third lane stopped, the request over") { screen in
            screen.contains("cancelled answer 3") && screen.split(separator: "\n").last?.contains("│ idle │") == true
        }
        #expect(stopped.contains("cancelled"), "\(stopped)")
        // Still in compare mode: the follow-up goes to every lane, each with its own thread, so
        // recall quotes its own first answer (lane 1's would be "first").
        try tui.send("Escape")
        try tui.send("second", literal: true)
        try tui.send("Enter")
        let second = try await tui.waitFor("Last time I said: «I have not answered anything yet.»", deadline: .seconds(60))
        #expect(!second.contains("Last time I said: «first»"), "\(second)")
        try tui.send("Escape")   // stop the long stream
        try await tui.waitUntil("idle again") { $0.split(separator: "\n").last?.contains("│ idle │") == true }
        let usage = try await runParley(["usage", "--json"], environment: home.environment())
        #expect(usage.stdout.contains("demo:stream"), "a stopped lane is in the ledger too")
    }

    @Test func quittingRestoresTheTerminal() async throws {
        let (tui, home) = try start(["-m", "demo:echo"])
        defer { tui.kill(); home.remove() }
        try await tui.waitFor("demo:echo")
        try tui.send("C-q")
        let screen = try await tui.waitFor("PARLEY EXITED 0")
        #expect(!screen.contains("demo:echo"), "the alternate screen is gone:\n\(screen)")
    }
}
