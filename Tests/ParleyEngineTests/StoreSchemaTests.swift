import Foundation
import Testing
@testable import ParleyEngine
import ParleyGateway

@Suite("Store: schema, paths, processes")
struct StoreSchemaTests {
    @Test func migratesAFreshFileAndReopensIt() async throws {
        let temp = try TempStore()
        let conversation = try await temp.store.createConversation(title: "First", systemPrompt: "Be brief.")
        // Reopening runs the migrator again: it must see v1 as applied and keep the data.
        let reopened = try Store(url: temp.url)
        let again = try await reopened.conversation(id: conversation.id)
        #expect(again?.title == "First")
        #expect(again?.systemPrompt == "Be brief.")
        let tables = try await reopened.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(Set(tables).isSuperset(of: ["conversation", "message", "ledger", "model_catalogue", "grdb_migrations"]))
        let journal = try await reopened.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func createsMissingDirectories() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString)")
        let url = base.appendingPathComponent("a/b/parley.db")
        _ = try Store(url: url)
        #expect(FileManager.default.fileExists(atPath: url.path))
    }

    @Test func aNewDatabaseAndItsDirectoryAreOwnerOnly() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString)")
        let url = base.appendingPathComponent("data/parley.db")
        defer { try? FileManager.default.removeItem(at: base) }
        _ = try Store(url: url)
        func permissions(_ path: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        }
        #expect(try permissions(url.path) & 0o777 == 0o600)
        #expect(try permissions(url.deletingLastPathComponent().path) & 0o777 == 0o700)
    }

    @Test func dataPathFollowsParleyHomeThenXDGThenHome() {
        let home = URL(fileURLWithPath: "/home/ada")
        #expect(StorePaths.databaseURL(environment: ["PARLEY_HOME": "/tmp/p", "XDG_DATA_HOME": "/x"],
                                       homeDirectory: home).path == "/tmp/p/parley.db")
        #expect(StorePaths.databaseURL(environment: ["XDG_DATA_HOME": "/x"], homeDirectory: home).path
                == "/x/parley/parley.db")
        #expect(StorePaths.databaseURL(environment: ["XDG_DATA_HOME": ""], homeDirectory: home).path
                == "/home/ada/.local/share/parley/parley.db")
        #expect(Store.defaultURL(environment: ["PARLEY_HOME": "/tmp/q"]).path == "/tmp/q/parley.db")
    }

    @Test func twoStoresOnOneFileWriteConcurrently() async throws {
        let temp = try TempStore()
        let other = try Store(url: temp.url)  // a second pool, as a second process would open
        let conversation = try await temp.store.createConversation(title: "Shared")
        let perStore = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in [temp.store, other].enumerated() {
                group.addTask {
                    for n in 0..<perStore {
                        try await store.commitUserMessage("store \(index) message \(n)", in: conversation.id)
                        try await store.recordAttempt(LedgerEntry(
                            time: Date(), conversationID: conversation.id, requestID: RequestID(), model: .fast,
                            promptTokens: 10, completionTokens: 5, tokensEstimated: false, costUSD: 0.001,
                            timeToFirstToken: .milliseconds(100), duration: .seconds(1), outcome: .ok))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await temp.store.messages(in: conversation.id).count == 2 * perStore)
        #expect(try await other.ledger().count == 2 * perStore)
        let spent = try await other.spending(inConversation: conversation.id)
        #expect(abs(spent.usd - 0.08) < 1e-9)
    }

    @Test func twoStoresCreatingOneFreshFileAtOnceBothMigrate() async throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-\(UUID().uuidString)/parley.db")
        let stores = try await withThrowingTaskGroup(of: Store.self) { group in
            for _ in 0..<4 { group.addTask { try Store(url: url) } }
            return try await group.reduce(into: [Store]()) { $0.append($1) }
        }
        for store in stores {
            _ = try await store.createConversation(title: "ok")
        }
        #expect(try await stores[0].conversations().count == 4)
    }

    @Test func aSecondProcessSeesTheFirstOnesCommits() async throws {
        let temp = try TempStore()
        let reader = try Store(url: temp.url)
        let conversation = try await temp.store.createConversation(title: "Seen")
        try await temp.store.commitUserMessage("hello", in: conversation.id)
        #expect(try await reader.messages(in: conversation.id).map(\.content) == ["hello"])
    }

    /// There is no place for a key in the schema, and a recorded turn against a provider with a
    /// key leaves no trace of it in the file (or its WAL).
    @Test func apiKeysNeverReachTheDatabase() async throws {
        let temp = try TempStore()
        let key = "sk-or-v1-test-key-0123456789abcdef"
        let provider = Provider.preset(.openrouter, apiKey: Secret(key))
        let model = ModelRef(provider: provider.name, model: "anthropic/claude-sonnet-4.6")
        let conversation = try await temp.store.createConversation(title: "Keys")
        try await temp.store.commitUserMessage("hi", in: conversation.id)
        var script = EventScript()
        var recorder = TurnRecorder(store: temp.store, conversationID: conversation.id, request: script.request,
                                    estimatedPromptTokens: [3])
        for kind: EngineEvent.Kind in [
            .attemptStarted(model: model, attempt: 1),
            .attemptFailed(model: model, attempt: 1,
                           error: .authentication(status: 401, message: "bad key <redacted>"), partialText: ""),
            .failed(attempts: [EngineEvent.AttemptSummary(
                model: model, attempt: 1, error: .authentication(status: 401, message: "bad key <redacted>"))]),
        ] {
            try await recorder.record(script.event(kind))
        }
        try await temp.store.saveCatalogue([ModelInfo(id: model.model)], provider: provider.name)

        let columns = try await temp.store.pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
                WHERE m.type = 'table'
                """)
        }
        #expect(!columns.isEmpty)
        #expect(columns.allSatisfy { !$0.lowercased().contains("key") && !$0.lowercased().contains("secret") })

        for suffix in ["", "-wal"] {
            let path = temp.url.path + suffix
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            #expect(bytes.range(of: Data(key.utf8)) == nil, "key found in \(path)")
        }
    }
}
