import Foundation
import Testing

/// A chat with a thinking model, quit, reopened from /history in a new process: the answer, its
/// folded thinking, its figures and the chat's totals come back; then the conversation is
/// renamed and deleted from the overlay.
@Suite("history overlay, end to end", .serialized)
struct HistoryEndToEndTests {
    private func chat(_ home: TemporaryHome) throws -> TmuxSession {
        return try TmuxSession.parley(["chat", "-m", "demo:thinker@think=1"], environment: home.environment(), width: 100, height: 30)
    }

    /// `447 tok $0.00064` from the status bar's `chat 447 tok $0.00064 │ today …`.
    private func chatTotals(_ screen: String) -> String? {
        guard let line = screen.split(separator: "\n").last(where: { $0.contains("│ chat ") }),
              let start = line.range(of: "│ chat ")?.upperBound,
              let end = line[start...].range(of: " │")?.lowerBound else { return nil }
        return String(line[start..<end])
    }

    @Test func aReopenedChatKeepsItsThinkingAndFiguresAndCanBeRenamedAndDeleted() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }

        let first = try chat(home)
        defer { first.kill() }
        try await first.waitFor("demo:thinker")
        try first.send("Why is the sky blue?", literal: true)
        try first.send("Enter")
        let answered = try await first.waitUntil(deadline: .seconds(60), "the answer with its stats") {
            $0.contains("▸ thought for") && $0.contains(" out · ")
        }
        #expect(!answered.contains("chat 0 tok"), "\(answered)")
        let freshTotals = try #require(chatTotals(answered), "\(answered)")
        try first.send("C-q")
        try await first.waitFor("PARLEY EXITED 0")

        let second = try chat(home)
        defer { second.kill() }
        try await second.waitFor("demo:thinker")
        #expect(try second.screen().contains("chat 0 tok"))   // nothing open yet
        try second.send("/history", literal: true)
        try second.send("Enter")
        let list = try await second.waitFor("Why is the sky blue?")
        #expect(list.contains("History — type to filter"), "\(list)")
        #expect(list.contains("2 messages"), "\(list)")
        try second.send("sky", literal: true)
        try await second.waitFor("filter: sky · 1 of 1")
        try second.send("Enter")
        let reopened = try await second.waitUntil(deadline: .seconds(30), "the reopened answer") {
            $0.contains("opened “Why is the sky blue?”") && $0.contains("▸ thought for")
        }
        #expect(reopened.contains(" out · "), "each answer's stats line:\n\(reopened)")
        #expect(chatTotals(reopened) == freshTotals, "the chat's totals, fresh: \(freshTotals)\n\(reopened)")
        #expect(!reopened.contains("▸ thought for 0.0 s"), "\(reopened)")
        try second.send("C-t")
        try await second.waitFor("▾ thought for")

        // Rename, then delete, from the overlay.
        try second.send("/history", literal: true)
        try second.send("Enter")
        try await second.waitFor("Enter open")
        try second.send("F2")
        try await second.waitFor("new title")
        try second.send("C-u")
        try second.send("Sky colours", literal: true)
        try second.send("Enter")
        try await second.waitFor("renamed to “Sky colours”")
        try second.send("C-d")
        try await second.waitFor("Delete “Sky colours” and its 2 messages? y / n")
        try second.send("y")
        try await second.waitFor("no saved conversations yet")
        try second.send("Escape")
        try second.send("C-q")
        try await second.waitFor("PARLEY EXITED 0")

        let history = try await runParley(["history"], environment: home.environment())
        #expect(history.status == 0, "\(history.stderr)")
        #expect(!history.stdout.contains("Sky colours") && !history.stdout.contains("sky is blue"), "\(history.stdout)")
        // The money stays spent.
        let usage = try await runParley(["usage"], environment: home.environment())
        #expect(usage.stdout.contains("demo:thinker"), "\(usage.stdout)")
    }
}
