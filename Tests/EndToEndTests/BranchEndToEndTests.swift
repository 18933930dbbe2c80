import Foundation
import Testing

/// Edit and branch through the real binary (issue 16): a chat in tmux edits its question and
/// switches between the two branches; `history show` and its `--json` follow the path last
/// followed, with every message's id and parent id.
@Suite("Edit and branch, end to end", .serialized)
struct BranchEndToEndTests {
    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// The messages of `history show --json ID`, each as (id, parent_id, content).
    private func shownMessages(_ id: String, _ home: TemporaryHome) async throws -> [(id: String, parent: String?, content: String)] {
        let shown = try await runParley(["history", "show", "--json", id], environment: home.environment())
        #expect(shown.status == 0, "\(shown.stderr)")
        let messages = try #require(try json(shown.stdout)["messages"] as? [[String: Any]], "\(shown.stdout)")
        return try messages.map { message in
            #expect(message.keys.contains("parent_id"), "\(message)")
            return (try #require(message["id"] as? String), message["parent_id"] as? String,
                    try #require(message["content"] as? String))
        }
    }

    private func onlyConversation(_ home: TemporaryHome) async throws -> String {
        let text = try await runParley(["history", "list"], environment: home.environment()).stdout
        let row = try #require(text.split(separator: "\n").dropFirst().first, "\(text)")
        return String(try #require(row.split(separator: " ").first))
    }

    @Test func historyShowJSONNamesEachMessagesParent() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let first = try await runParley(["ask", "-m", "demo:echo", "first question"], environment: home.environment())
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await runParley(["ask", "-m", "demo:echo", "--continue", "second question"], environment: home.environment())
        #expect(second.status == 0, "\(second.stderr)")
        let messages = try await shownMessages(try await onlyConversation(home), home)
        #expect(messages.map(\.content) == ["first question", "first question", "second question", "second question"])
        #expect(messages.first?.parent == nil)
        for i in messages.indices.dropFirst() { #expect(messages[i].parent == messages[i - 1].id) }
    }

    @Test func editThenSwitchBranchesBackAndForth() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let tui = try TmuxSession.parley(["chat", "-m", "demo:echo"], environment: home.environment(), width: 100, height: 30)
        defer { tui.kill() }
        try await tui.waitFor("demo:echo")

        // demo:echo answers with the question, so each branch's answer names its question.
        try tui.send("alpha question", literal: true)
        try tui.send("Enter")
        try await tui.waitUntil(deadline: .seconds(60), "the first answer") {
            $0.components(separatedBy: "alpha question").count == 3 && $0.contains(" out · ")
        }
        try tui.send("/edit", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("new branch")
        try tui.send("C-u")
        try tui.send("beta question", literal: true)
        try tui.send("Enter")
        let edited = try await tui.waitUntil(deadline: .seconds(60), "the edited branch") {
            $0.components(separatedBy: "beta question").count == 3 && $0.contains("branch 2/2")
        }
        #expect(!edited.contains("alpha question"), "only the current path is shown:\n\(edited)")
        #expect(edited.contains("▌ you  branch 2/2"), "\(edited)")

        try tui.send("M-,")
        let back = try await tui.waitUntil(deadline: .seconds(30), "the first branch again") {
            $0.components(separatedBy: "alpha question").count == 3 && $0.contains("branch 1/2")
        }
        #expect(!back.contains("beta question"), "\(back)")
        try tui.send("/branch 2", literal: true)
        try tui.send("Enter")
        try await tui.waitUntil(deadline: .seconds(30), "the second branch again") {
            $0.components(separatedBy: "beta question").count == 3 && !$0.contains("alpha question")
        }
        try tui.send("/branch", literal: true)
        try tui.send("Enter")
        let listing = try await tui.waitFor("branches here")
        #expect(listing.contains("1  you: alpha question") && listing.contains("▸ 2  you: beta question"), "\(listing)")

        // A regenerate is a sibling answer of the question shown.
        try tui.send("/regenerate", literal: true)
        try tui.send("Enter")
        try await tui.waitUntil(deadline: .seconds(60), "the regenerated answer") {
            $0.contains("◆ demo:echo  branch 2/2")
        }
        try tui.send("C-q")
        try await tui.waitFor("PARLEY EXITED 0")

        // Headless: the path last followed, with parent ids; the other branch is not printed.
        let id = try await onlyConversation(home)
        let messages = try await shownMessages(id, home)
        #expect(messages.map(\.content) == ["beta question", "beta question"])
        #expect(messages[0].parent == nil && messages[1].parent == messages[0].id)
        let plain = try await runParley(["history", "show", id], environment: home.environment())
        // The first line is the title, from the conversation's first question.
        let body = plain.stdout.split(separator: "\n").dropFirst().joined(separator: "\n")
        #expect(!body.contains("alpha question"), "\(plain.stdout)")
        #expect(body.components(separatedBy: "beta question").count == 3, "\(plain.stdout)")
    }
}
