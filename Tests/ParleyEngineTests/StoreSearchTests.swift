import Foundation
import GRDB
import Testing
@testable import ParleyEngine
import ParleyGateway

@Suite("Store: full-text message search")
struct StoreSearchTests {
    static func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    @Test func theIndexFindsWordsAndWordPrefixesNewestFirstAcrossConversations() async throws {
        let temp = try TempStore()
        let a = try await temp.store.createConversation(title: "Generics", now: Self.at(10))
        let b = try await temp.store.createConversation(title: "Actors", now: Self.at(20))
        try await temp.store.commitUserMessage("How do opaque types differ from generics?", in: a.id, now: Self.at(30))
        try await temp.store.insert(StoredMessage(conversationID: a.id, role: .assistant,
                                                  content: "Opaque result types hide the concrete type.",
                                                  status: .complete, created: Self.at(40)))
        try await temp.store.commitUserMessage("Are actors reentrant? Not opaque at all", in: b.id, now: Self.at(50))

        let hits = try await temp.store.search("OPAQUE")
        #expect(hits.map(\.time) == [Self.at(50), Self.at(40), Self.at(30)])
        #expect(hits.map(\.conversationTitle) == ["Actors", "Generics", "Generics"])
        #expect(hits[1].role == .assistant)
        // A word's start finds it (typing is still going on); every word must be there.
        #expect(try await temp.store.search("reent").map(\.conversationID) == [b.id])
        #expect(try await temp.store.search("opaque concrete").map(\.time) == [Self.at(40)])
        #expect(try await temp.store.search("opaque nowhere").isEmpty)
        // Accents are ignored both ways.
        try await temp.store.commitUserMessage("Un café crème", in: b.id, now: Self.at(60))
        #expect(try await temp.store.search("cafe CREME").count == 1)
    }

    @Test func queryTextCannotBreakTheQuerySyntax() async throws {
        let temp = try TempStore()
        let c = try await temp.store.createConversation(title: "Syntax", now: Self.at(10))
        try await temp.store.commitUserMessage("say \"NEAR\" or -not- AND (x*y) column:value ^start", in: c.id, now: Self.at(20))
        for hostile in ["\"", "\"unbalanced", "*", "a*", "NEAR", "NEAR(a b)", "-", "-not", "x OR", "AND", "NOT",
                        "(", ")", "column:value", "^start", "{a b}", "'", "\\", "\u{0}", "+", "a -b", "\"\"*\"\""] {
            let hits = try await temp.store.search(hostile)
            #expect(hits.allSatisfy { $0.conversationID == c.id }, "\(hostile)")
        }
        // Operator words are plain words to look for.
        #expect(try await temp.store.search("near").count == 1)
        #expect(try await temp.store.search("x* OR zzz").isEmpty, "OR is a word that must be there, not an operator")
        // Text with no word in it matches no message.
        #expect(try await temp.store.search("***").isEmpty)
        #expect(try await temp.store.search("   ").isEmpty)
    }

    @Test func editsAndDeletesKeepTheIndexInStep() async throws {
        let temp = try TempStore()
        let c = try await temp.store.createConversation(title: "Streams", now: Self.at(10))
        let answer = StoredMessage(conversationID: c.id, role: .assistant, content: "", status: .streaming,
                                   created: Self.at(20))
        try await temp.store.insert(answer)
        #expect(try await temp.store.search("backpressure").isEmpty)
        try await temp.store.pool.write { db in
            try Store.updateMessage(id: answer.id, content: "About backpressure", status: .complete, model: nil,
                                    error: nil, at: Self.at(21), in: db)
        }
        #expect(try await temp.store.search("backpressure").map(\.messageID) == [answer.id])
        try await temp.store.pool.write { db in
            try Store.updateMessage(id: answer.id, content: "About flow control", status: .complete, model: nil,
                                    error: nil, at: Self.at(22), in: db)
        }
        #expect(try await temp.store.search("backpressure").isEmpty, "the old words left the index")
        #expect(try await temp.store.search("flow").count == 1)

        try await temp.store.deleteConversation(c.id)
        #expect(try await temp.store.search("flow").isEmpty)
        let indexed = try await temp.store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM message_search WHERE message_search MATCH 'flow'")
        }
        #expect(indexed == 0, "the deleted conversation's words are out of the index")
    }

    @Test func theMigrationIndexesMessagesWrittenBeforeIt() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-search-migration-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("parley.db")
        // A database as Parley left it before v5.
        do {
            let queue = try DatabaseQueue(path: url.path)
            try StoreSchema.migrator.migrate(queue, upTo: "v4: remembered choices")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO conversation VALUES ('c1', 'Old', NULL, 1, 1)")
                try db.execute(sql: """
                    INSERT INTO message (id, conversation_id, role, content, status, created_at, updated_at)
                    VALUES ('m1', 'c1', 'user', 'an heirloom question', 'complete', 1, 1)
                    """)
            }
        }
        let store = try Store(url: url)
        #expect(try await store.search("heirloom").map(\.messageID) == ["m1"])
    }

    @Test func snippetsKeepTheMatchInView() {
        let text = String(repeating: "lorem ", count: 40) + "the Needle here " + String(repeating: "ipsum ", count: 40)
        let snippet = Store.snippet(of: text, around: SearchQuery("needle"), width: 40)
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
        #expect(snippet.contains("Needle"))
    }

    @Test func theQueryMarksWhereItsWordsStart() {
        let query = SearchQuery("sen ÉTÉ")
        let text = "Sendable absent été"
        let marked = query.matches(in: text).map { String(text[$0]) }
        #expect(marked == ["Sen", "été"], "a word's start, not inside a word (absent)")
        #expect(SearchQuery("a \"b\" NEAR(c)").matchExpression == "\"a\"* \"b\"* \"near\"* \"c\"*")
        #expect(SearchQuery(String(repeating: "w ", count: 100)).terms == ["w"])
        #expect(SearchQuery((0..<40).map { "t\($0)" }.joined(separator: " ")).terms.count == SearchQuery.maxTerms)
    }
}
