import Foundation
import Testing

/// Thinking models of the simulator through the real binary: `ask` (stderr, --hide-reasoning,
/// --json), `usage`, and the chat's thinking block in tmux.
@Suite("Reasoning models, end to end", .serialized)
struct ReasoningEndToEndTests {
    @Test func askWritesTheThinkingToStderrAndOnlyTheAnswerToStdout() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        for dialect in ["deepseek", "openrouter", "ollama", "tags"] {
            let result = try await runParley(["ask", "-m", "demo:thinker@reasoning=\(dialect),think=0.5", "Why?"],
                                             environment: home.environment())
            #expect(result.status == 0, "\(dialect): \(result.stderr)")
            #expect(result.stderr.contains("Let me think"), "\(dialect) stderr: \(result.stderr)")
            #expect(result.stdout.contains("You asked"), "\(dialect) stdout: \(result.stdout)")
            #expect(!result.stdout.contains("Let me think"), "\(dialect) stdout: \(result.stdout)")
            #expect(!result.stdout.contains("<think>") && !result.stdout.contains("</think>"))
        }
        let hidden = try await runParley(["ask", "-m", "demo:thinker@think=0.5", "--hide-reasoning", "Why?"],
                                         environment: home.environment())
        #expect(hidden.status == 0)
        #expect(!hidden.stderr.contains("Let me think"), "\(hidden.stderr)")
        #expect(hidden.stdout.contains("You asked"))
    }

    /// The first report: thinking for longer than --first-token-timeout is not a timeout.
    @Test func thinkingLongerThanTheFirstTokenTimeoutAnswers() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await runParley(["ask", "-m", "demo:thinker@think=4", "--first-token-timeout", "2", "Why?"],
                                         environment: home.environment())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("You asked"))
    }

    @Test func jsonHasTheReasoningAndTheUsageDetailsAndUsageTotalsThem() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let first = try await runParley(["ask", "-m", "demo:thinker@think=0.5", "--json", "First question"],
                                        environment: home.environment())
        #expect(first.status == 0, "\(first.stderr)")
        // A follow-up in the same conversation: the simulator reports half its prompt as cached.
        let result = try await runParley(["ask", "-m", "demo:thinker@think=0.5", "--json", "--continue", "And then?"],
                                         environment: home.environment())
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["reasoning"] as? String)?.hasPrefix("Let me think") == true)
        #expect((object["text"] as? String)?.contains("Let me think") == false)
        let usage = try #require(object["usage"] as? [String: Any])
        #expect(usage["reasoning_tokens"] as? Int == 5)
        #expect((usage["cached_tokens"] as? Int ?? 0) > 0)
        let timings = try #require(object["timings"] as? [String: Any])
        let firstToken = try #require(timings["first_token_ms"] as? Double ?? (timings["first_token_ms"] as? Int).map(Double.init))
        let firstAnswer = try #require(timings["first_answer_ms"] as? Double ?? (timings["first_answer_ms"] as? Int).map(Double.init))
        #expect(firstToken < firstAnswer)

        let table = try await runParley(["usage"], environment: home.environment())
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("CACHED") && table.stdout.contains("REASONING"), "\(table.stdout)")
        let json = try await runParley(["usage", "--json"], environment: home.environment())
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let total = try #require(report["total"] as? [String: Any])
        #expect(total["reasoning_tokens"] as? Int == 10)
        #expect((total["cached_tokens"] as? Int ?? 0) > 0)
    }

    @Test func theChatShowsTheThinkingThenFoldsItAndTheKeyShowsItAgain() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let tui = try TmuxSession.parley(["chat", "-m", "demo:thinker@think=3"], environment: home.environment(), width: 100, height: 30)
        defer { tui.kill() }
        try await tui.waitFor("demo:thinker")
        try tui.send("Why is the sky blue?", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("thinking…", deadline: .seconds(30))
        let thinking = try await tui.waitFor("│ Let me think", deadline: .seconds(30))
        #expect(thinking.split(separator: "\n").last?.contains("thinking") == true, "status bar:\n\(thinking)")
        let folded = try await tui.waitFor("▸ thought for", deadline: .seconds(60))
        _ = try await tui.waitUntil(deadline: .seconds(60), "the answer finished") { $0.contains("done:") || $0.contains(" out · ") }
        #expect(!folded.contains("│ Let me think"), "folded:\n\(folded)")
        try tui.send("C-t")
        let shown = try await tui.waitFor("▾ thought for")
        #expect(shown.contains("│ Let me think"), "\(shown)")
    }
}
