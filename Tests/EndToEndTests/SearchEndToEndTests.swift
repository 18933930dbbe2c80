import Foundation
import Testing

/// `/search` in the chat and `parley history --search`, over conversations the real binary
/// stored: the full-text index finds them, and Enter opens the right one.
@Suite("message search, end to end", .serialized)
struct SearchEndToEndTests {
    @Test func historyDashDashSearchListsMatchesAsJSONAndHostileTextIsOnlyWords() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        for prompt in ["How do tardigrades survive in space?", "What is a good sourdough ratio?"] {
            let asked = try await runParley(["ask", "-m", "demo:echo", prompt], environment: home.environment())
            #expect(asked.status == 0, "\(asked.stderr)")
        }
        let found = try await runParley(["history", "--search", "TARDIGRADE", "--json"], environment: home.environment())
        #expect(found.status == 0, "\(found.stderr)")
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as? [[String: Any]])
        #expect(!hits.isEmpty)
        #expect(hits.allSatisfy { ($0["snippet"] as? String)?.contains("tardigrades") == true }, "\(found.stdout)")
        #expect(hits.contains { $0["role"] as? String == "user" })
        #expect(Set(hits.compactMap { $0["conversation_id"] as? String }).count == 1, "one conversation")

        let table = try await runParley(["history", "--search", "sourdough"], environment: home.environment())
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("CONVERSATION"), "\(table.stdout)")
        #expect(table.stdout.contains("sourdough ratio"))
        #expect(!table.stdout.contains("tardigrades"))
        // The same list as the subcommand prints.
        let subcommand = try await runParley(["history", "search", "sourdough"], environment: home.environment())
        #expect(subcommand.stdout == table.stdout)

        for hostile in ["\"NEAR(", "*", "-sourdough", "sourdough OR", "a:b ^c"] {
            // `--search=TEXT`, so a leading dash is the text rather than an option.
            let result = try await runParley(["history", "--search=\(hostile)"], environment: home.environment())
            #expect(result.status == 0 || result.status == 1, "\(hostile): \(result.stderr)")
            #expect(!result.stderr.lowercased().contains("syntax"), "\(hostile): \(result.stderr)")
            #expect(!result.stderr.lowercased().contains("fts5"), "\(hostile): \(result.stderr)")
        }
        let nothing = try await runParley(["history", "--search", "zeppelin"], environment: home.environment())
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("no matches for 'zeppelin'"), "\(nothing.stderr)")
        // A limit past what a search returns is said, not quietly cut to it.
        for limit in ["0", "5000"] {
            let refused = try await runParley(["history", "search", "sourdough", "--limit", limit], environment: home.environment())
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("--limit must be 1 to 1000 for a search, not \(limit)"), "\(refused.stderr)")
        }
    }

    @Test func slashSearchOpensTheConversationHoldingTheMatch() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let chat = try TmuxSession.parley(["chat", "-m", "demo:echo"], environment: home.environment(), width: 100, height: 30)
        defer { chat.kill() }
        try await chat.waitFor("demo:echo")
        try chat.send("How do tardigrades survive in space?", literal: true)
        try chat.send("Enter")
        try await chat.waitUntil(deadline: .seconds(60), "the first answer") {
            $0.components(separatedBy: "tardigrades survive").count >= 3
        }
        try chat.send("/new", literal: true)
        try chat.send("Enter")
        try await chat.waitFor("new conversation")
        try chat.send("What is a good sourdough ratio?", literal: true)
        try chat.send("Enter")
        try await chat.waitUntil(deadline: .seconds(60), "the second answer") {
            $0.components(separatedBy: "sourdough ratio").count >= 3
        }

        try chat.send("/search tardigrade", literal: true)
        try chat.send("Enter")
        let results = try await chat.waitFor("Search — “tardigrade”")
        #expect(!results.contains("sourdough ratio?  "), "\(results)")
        // The title, the answer and the question, newest first.
        try await chat.waitUntil(deadline: .seconds(30), "the matches") { $0.contains("“tardigrade” · 3 matches") }
        try chat.send("End")   // the oldest: the question
        try chat.send("Enter")
        let opened = try await chat.waitFor("at the match")
        #expect(opened.contains("How do tardigrades survive in space?"), "\(opened)")
        #expect(!opened.contains("sourdough"), "the other conversation is gone from the chat:\n\(opened)")

        // `/search` alone opens it empty, to type into (so do Ctrl-S and F10: the reducer and
        // key-decoding tests hold those); Esc closes it.
        try chat.send("/search", literal: true)
        try chat.send("Enter")
        try await chat.waitFor("Search — type to search every conversation")
        try chat.send("sourdough", literal: true)
        try await chat.waitFor("“sourdough” · 3 matches")
        try chat.send("Escape")
        try chat.send("C-q")
        try await chat.waitFor("PARLEY EXITED 0")
    }
}
