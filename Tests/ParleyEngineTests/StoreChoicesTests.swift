import Foundation
import Testing
@testable import ParleyEngine
import ParleyGateway

/// What the chat remembers for the next start: written, replaced, forgotten, and read back
/// safely whatever the table holds.
@Suite("Store: remembered choices")
struct StoreChoicesTests {
    static let cheap = ModelRef(provider: "demo", model: "cheap")
    static let fast = ModelRef(provider: "demo", model: "fast")

    @Test func nothingIsRememberedAtFirst() async throws {
        let temp = try TempStore()
        #expect(try await temp.store.rememberedChoices() == RememberedChoices())
    }

    @Test func choicesSurviveReopeningTheDatabaseAndTheLastOneWins() async throws {
        let temp = try TempStore()
        try await temp.store.remember(.chain([Self.fast]))
        try await temp.store.remember(.chain([Self.cheap, Self.fast]))
        try await temp.store.remember(.route(.cheapest))
        try await temp.store.remember(.theme("~/my themes/x.toml"))
        try await temp.store.remember(.effort(.high))

        let reopened = try Store(url: temp.url)
        #expect(try await reopened.rememberedChoices()
                == RememberedChoices(chain: [Self.cheap, Self.fast], route: .cheapest, theme: "~/my themes/x.toml", effort: .high))
    }

    @Test func resettingForgets() async throws {
        let temp = try TempStore()
        try await temp.store.remember(.effort(.low))
        try await temp.store.remember(.chain([Self.cheap]))
        try await temp.store.remember(.effort(nil))
        try await temp.store.remember(.chain([]))
        #expect(try await temp.store.rememberedChoices() == RememberedChoices())
    }

    @Test func rowsThatDoNotReadBackAreSkipped() async throws {
        let temp = try TempStore()
        try await temp.store.remember(.route(.fastest))
        // Edited by hand or written by another version: the chat starts on its defaults instead.
        try await temp.store.pool.write { db in
            for (key, value) in [("chain", "not json"), ("effort", "extreme"), ("theme", String(repeating: "x", count: 10_000)),
                                 ("colour", "red")] {
                try db.execute(sql: "INSERT OR REPLACE INTO remembered_choice (name, value, updated_at) VALUES (?, ?, 0)",
                               arguments: [key, value])
            }
        }
        #expect(try await temp.store.rememberedChoices() == RememberedChoices(route: .fastest))
    }
}
