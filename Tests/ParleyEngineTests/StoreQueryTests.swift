import Foundation
import Testing
import GRDB
@testable import ParleyEngine
import ParleyGateway

@Suite("Store: usage, budget, history, performance")
struct StoreQueryTests {
    /// A fixed zone, so local days don't depend on the machine running the tests.
    /// Europe/Berlin's winter offset (CET, UTC+1): every date here is in February or March 2026,
    /// before the clocks go forward on 29 March.
    static let zone = LocalZone(secondsEastOfUTC: 3600)

    static func day(_ text: String, hour: Int = 12) -> Date {
        UsageReport.parseDay(text, timeZone: zone)!.addingTimeInterval(Double(hour) * 3_600)
    }

    static func entry(_ model: ModelRef, at time: Date, prompt: Int = 100, completion: Int = 50,
                      estimated: Bool = false, cost: Double? = 0.01, outcome: AttemptOutcome = .ok,
                      conversation: String? = nil, ttft: Double? = 0.2, duration: Double = 1.2) -> LedgerEntry
    {
        LedgerEntry(time: time, conversationID: conversation, requestID: RequestID(), model: model,
                    promptTokens: prompt, completionTokens: completion, tokensEstimated: estimated, costUSD: cost,
                    timeToFirstToken: ttft.map { Duration.seconds($0) }, duration: .seconds(duration),
                    outcome: outcome, errorKind: outcome == .failed ? "server-error" : nil)
    }

    // MARK: Usage

    @Test func usageSumsByModelProviderAndDay() async throws {
        let temp = try TempStore()
        let entries = [
            Self.entry(.fast, at: Self.day("2026-03-01"), cost: 0.01),
            Self.entry(.fast, at: Self.day("2026-03-01", hour: 23), prompt: 10, completion: 0, cost: 0,
                       outcome: .failed),
            Self.entry(.flaky, at: Self.day("2026-03-02"), estimated: true, cost: nil),
            Self.entry(.sonnet, at: Self.day("2026-03-02"), prompt: 1_000, completion: 2_000, cost: 0.5),
        ]
        for entry in entries { try await temp.store.recordAttempt(entry) }

        let byModel = try await temp.store.usageReport(by: .model, timeZone: Self.zone)
        #expect(byModel.rows.map(\.key) == ["openrouter:anthropic/claude-sonnet-4.6", "demo:fast", "demo:flaky"])
        let fast = byModel.rows[1]
        #expect(fast.requests == 2 && fast.failures == 1)
        #expect(fast.promptTokens == 110 && fast.completionTokens == 50)
        #expect(abs(fast.costUSD - 0.01) < 1e-12)
        #expect(!fast.includesEstimatedTokens && !fast.includesUnknownCost)
        #expect(byModel.rows[2].includesEstimatedTokens && byModel.rows[2].includesUnknownCost)
        #expect(byModel.total.requests == 4 && byModel.total.failures == 1)
        #expect(byModel.total.promptTokens == 1_210 && byModel.total.completionTokens == 2_100)
        #expect(abs(byModel.total.costUSD - 0.51) < 1e-12)
        #expect(byModel.total.includesEstimatedTokens && byModel.total.includesUnknownCost)

        let byProvider = try await temp.store.usageReport(by: .provider, timeZone: Self.zone)
        #expect(byProvider.rows.map(\.key) == ["openrouter", "demo"])
        #expect(byProvider.rows[1].requests == 3)

        let byDay = try await temp.store.usageReport(by: .day, timeZone: Self.zone)
        #expect(byDay.rows.map(\.key) == ["2026-03-01", "2026-03-02"])
        #expect(byDay.rows.map(\.requests) == [2, 2])

        let since = try await temp.store.usageReport(by: .model, since: Self.day("2026-03-02", hour: 0),
                                                     timeZone: Self.zone)
        #expect(since.total.requests == 2)
    }

    @Test func parsesDaysStrictly() {
        #expect(UsageReport.parseDay("2026-02-28", timeZone: Self.zone) != nil)
        #expect(UsageReport.parseDay("2026-02-30", timeZone: Self.zone) == nil)
        #expect(UsageReport.parseDay("2026-2-3", timeZone: Self.zone) == nil)
        #expect(UsageReport.parseDay("yesterday", timeZone: Self.zone) == nil)
    }

    // MARK: Budget

    @Test func budgetRefusalSaysWhatWasSpent() {
        let budget = BudgetGuard(dailyLimit: 1.00, perConversationLimit: 0.25)
        #expect(budget.check(spentToday: 0.5, spentInConversation: 0.1, estimatedCost: 0.1) == .allowed)
        #expect(budget.check(spentToday: 0.98, spentInConversation: 0, estimatedCost: 0.05)
                == .refused(reason: "daily budget $1.00 would be exceeded (spent $0.98 today)"))
        #expect(budget.check(spentToday: 1.02, spentInConversation: 0)
                == .refused(reason: "daily budget $1.00 would be exceeded (spent $1.02 today)"))
        #expect(budget.check(spentToday: 0.3, spentInConversation: 0.24, estimatedCost: 0.02)
                == .refused(reason: "conversation budget $0.25 would be exceeded (spent $0.24 in this conversation)"))
        #expect(BudgetGuard().check(spentToday: 1_000, spentInConversation: 1_000).isAllowed)
    }

    @Test func budgetCheckReadsTodayAndTheConversationFromTheLedger() async throws {
        let temp = try TempStore()
        let conversation = try await temp.store.createConversation(title: "Spendy")
        let now = Self.day("2026-03-02", hour: 15)
        try await temp.store.recordAttempt(Self.entry(.sonnet, at: Self.day("2026-03-01"), cost: 5))  // yesterday
        try await temp.store.recordAttempt(Self.entry(.sonnet, at: Self.day("2026-03-02", hour: 0),
                                                      cost: 0.9, conversation: conversation.id))
        try await temp.store.recordAttempt(Self.entry(.sonnet, at: Self.day("2026-03-02", hour: 1),
                                                      cost: 0.08, conversation: conversation.id))
        try await temp.store.recordAttempt(Self.entry(.flaky, at: Self.day("2026-03-02"), cost: nil))

        let today = try await temp.store.spendingToday(now: now, timeZone: Self.zone)
        #expect(abs(today.usd - 0.98) < 1e-9)
        #expect(today.attemptsWithUnknownCost == 1)
        #expect(abs(try await temp.store.spending(inConversation: conversation.id).usd - 0.98) < 1e-9)

        let verdict = try await temp.store.check(BudgetGuard(dailyLimit: 1), conversationID: conversation.id,
                                                 estimatedCost: 0.05, now: now, timeZone: Self.zone)
        #expect(verdict == .refused(reason: "daily budget $1.00 would be exceeded (spent $0.98 today)"))
        let perConversation = try await temp.store.check(
            BudgetGuard(perConversationLimit: 2), conversationID: conversation.id, estimatedCost: 0.05, now: now,
            timeZone: Self.zone)
        #expect(perConversation.isAllowed)
    }


    // MARK: History

    @Test func resolvesUniqueIdPrefixes() async throws {
        let temp = try TempStore()
        let a = try await temp.store.createConversation(title: "A")
        let b = try await temp.store.createConversation(title: "B")
        #expect(try await temp.store.resolveConversation(idPrefix: String(a.id.prefix(8))).id == a.id)
        #expect(try await temp.store.resolveConversation(idPrefix: b.id.uppercased()).id == b.id)
        await #expect(throws: StoreError.conversationNotFound("ffffffff-0")) {
            try await temp.store.resolveConversation(idPrefix: "ffffffff-0")
        }
        await #expect(throws: StoreError.invalidConversationID("%")) {
            try await temp.store.resolveConversation(idPrefix: "%")
        }
        // Random ids rarely share a prefix, so two crafted ones make the clash.
        let conversationA = Conversation(id: "abc00000-0000-0000-0000-000000000001", title: "x", systemPrompt: nil,
                                         created: Date(), updated: Date())
        let conversationB = Conversation(id: "abc00000-0000-0000-0000-000000000002", title: "y", systemPrompt: nil,
                                         created: Date(), updated: Date())
        for conversation in [conversationA, conversationB] {
            try await temp.store.pool.write { db in
                try db.execute(sql: "INSERT INTO conversation (id, title, system_prompt, created_at, updated_at) VALUES (?, ?, NULL, 0, 0)",
                               arguments: [conversation.id, conversation.title])
            }
        }
        await #expect(throws: StoreError.ambiguousConversationID(
            prefix: "abc00000-0000", matches: [conversationA.id, conversationB.id])) {
            try await temp.store.resolveConversation(idPrefix: "abc00000-0000")
        }
    }

    @Test func searchFindsMessagesAndTitlesCaseInsensitively() async throws {
        let temp = try TempStore()
        let rust = try await temp.store.createConversation(title: "Rust lifetimes", now: Date(timeIntervalSince1970: 10))
        let swift = try await temp.store.createConversation(title: "Swift actors", now: Date(timeIntervalSince1970: 20))
        try await temp.store.commitUserMessage("What is a Sendable closure?", in: swift.id,
                                               now: Date(timeIntervalSince1970: 30))
        try await temp.store.commitUserMessage("100% of borrowck_errors", in: rust.id,
                                               now: Date(timeIntervalSince1970: 40))

        let hits = try await temp.store.search("sendable")
        #expect(hits.map(\.conversationID) == [swift.id])
        #expect(hits.first?.role == .user)
        #expect(hits.first?.snippet == "What is a Sendable closure?")

        let titleHits = try await temp.store.search("LIFETIMES")
        #expect(titleHits.map(\.conversationID) == [rust.id])
        #expect(titleHits.first?.messageID == nil)

        // LIKE wildcards in the query are literal (words match from their start: "100%", not "0%").
        #expect(try await temp.store.search("100%").count == 1)
        #expect(try await temp.store.search("_errors").count == 1)
        #expect(try await temp.store.search("w_k").isEmpty)  // would match "wck" as a wildcard
    }

    @Test func snippetsCentreOnTheMatch() {
        let text = String(repeating: "a", count: 200) + " needle " + String(repeating: "b", count: 200)
        let snippet = Store.snippet(of: text, around: "NEEDLE", width: 40)
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
        #expect(snippet.contains("needle"))
        #expect(Store.snippet(of: "line one\nline two", around: "two") == "line one line two")
    }

    @Test func exportsMarkdownAndJSON() async throws {
        let temp = try TempStore()
        let created = Date(timeIntervalSince1970: 1_750_000_000)
        let conversation = try await temp.store.createConversation(title: "Export \u{1B}[31mme", systemPrompt: "Be kind.",
                                                                   now: created)
        try await temp.store.commitUserMessage("Hi", in: conversation.id, now: created)
        try await temp.store.insert(StoredMessage(
            conversationID: conversation.id, role: .assistant, content: "Hel", model: .flaky, status: .partial,
            error: "network error: reset", created: created.addingTimeInterval(1)))
        try await temp.store.insert(StoredMessage(
            conversationID: conversation.id, role: .assistant, content: "Hello!", model: .fast,
            created: created.addingTimeInterval(2)))

        let transcript = try await temp.store.transcript(idPrefix: String(conversation.id.prefix(6)))
        #expect(transcript.messages.count == 3)

        let markdown = transcript.markdown()
        #expect(markdown.hasPrefix("# Export ^[[31mme\n"))  // the escape is made visible
        #expect(markdown.contains("## System\n\nBe kind.\n"))
        #expect(markdown.contains("## user\n\nHi\n"))
        #expect(markdown.contains("## assistant · demo:flaky · partial\n\n> network error: reset\n\nHel\n"))
        #expect(markdown.contains("## assistant · demo:fast\n\nHello!\n"))
        #expect(!markdown.contains("\u{1B}"))

        let json = try #require(try JSONSerialization.jsonObject(with: transcript.json()) as? [String: Any])
        let exported = try #require(json["conversation"] as? [String: Any])
        #expect(exported["id"] as? String == conversation.id)
        #expect(exported["system_prompt"] as? String == "Be kind.")
        #expect(exported["created"] as? String == "2025-06-15T15:06:40Z")
        let messages = try #require(json["messages"] as? [[String: Any]])
        #expect(messages.map { $0["content"] as? String } == ["Hi", "Hel", "Hello!"])
        #expect(messages[1]["status"] as? String == "partial")
        #expect(messages[1]["conversation_id"] as? String == conversation.id)
        #expect((messages[2]["model"] as? [String: Any])?["provider"] as? String == "demo")
    }

    @Test func listsConversationsNewestFirstWithMessageCounts() async throws {
        let temp = try TempStore()
        let old = try await temp.store.createConversation(title: "Old", now: Date(timeIntervalSince1970: 100))
        let new = try await temp.store.createConversation(title: "New", now: Date(timeIntervalSince1970: 200))
        try await temp.store.commitUserMessage("bump", in: old.id, now: Date(timeIntervalSince1970: 300))
        let list = try await temp.store.conversations()
        #expect(list.map(\.conversation.id) == [old.id, new.id])
        #expect(list.map(\.messageCount) == [1, 0])
        #expect(try await temp.store.conversations(limit: 1).count == 1)
    }

    @Test func deletingAConversationKeepsItsSpending() async throws {
        let temp = try TempStore()
        let conversation = try await temp.store.createConversation(title: "Gone")
        try await temp.store.commitUserMessage("hi", in: conversation.id)
        try await temp.store.recordAttempt(Self.entry(.fast, at: Date(), cost: 0.2, conversation: conversation.id))
        try await temp.store.deleteConversation(conversation.id)
        #expect(try await temp.store.conversation(id: conversation.id) == nil)
        let rows = try await temp.store.ledger()
        #expect(rows.count == 1 && rows[0].conversationID == nil)
        #expect(abs(try await temp.store.spending(since: .distantPast).usd - 0.2) < 1e-12)
    }

    // MARK: Catalogue

    @Test func catalogueCacheReplacesAProvidersModels() async throws {
        let temp = try TempStore()
        let fetched = Date(timeIntervalSince1970: 1_000)
        try await temp.store.saveCatalogue([ModelInfo(id: "a", promptPricePerMillion: 1, completionPricePerMillion: 2),
                                            ModelInfo(id: "b", name: "Bee", contextLength: 8_192)],
                                           provider: "demo", fetchedAt: fetched)
        try await temp.store.saveCatalogue([ModelInfo(id: "c")], provider: "demo", fetchedAt: fetched.addingTimeInterval(60))
        let cached = try #require(try await temp.store.catalogue(provider: "demo"))
        #expect(cached.models.map(\.id) == ["c"])
        #expect(cached.fetchedAt == fetched.addingTimeInterval(60))
        #expect(cached.isStale(maxAge: 30, now: fetched.addingTimeInterval(120)))
        #expect(try await temp.store.catalogue(provider: "other") == nil)
        #expect(try await temp.store.cachedModelInfo(for: ModelRef(provider: "demo", model: "c"))?.id == "c")
        #expect(try await temp.store.cachedModelInfo(for: ModelRef(provider: "demo", model: "a")) == nil)
    }

    @Test func catalogueRowsReadEveryColumnInPlace() async throws {
        let temp = try TempStore()
        let full = ModelInfo(id: "m", name: "Em", contextLength: 131_072, promptPricePerMillion: 0.5,
                             completionPricePerMillion: 1.5, cacheReadPricePerMillion: 0.05,
                             cacheWritePricePerMillion: 0.625, supportsReasoning: true,
                             contextLengthIsTrained: true, acceptsImages: false)
        let bare = ModelInfo(id: "n")
        try await temp.store.saveCatalogue([full, bare], provider: "p")
        #expect(try await temp.store.catalogue(provider: "p")?.models == [full, bare])
        #expect(try await temp.store.cachedModelInfo(for: ModelRef(provider: "p", model: "m")) == full)
        #expect(try await temp.store.cachedModelInfo(for: ModelRef(provider: "p", model: "n")) == bare)
    }

    @Test func aCatalogueIsSeededOnlyWhenItIsMissingOrStale() async throws {
        let temp = try TempStore()
        let fetched = Date(timeIntervalSince1970: 5_000)
        let first = [ModelInfo(id: "a"), ModelInfo(id: "b")]
        #expect(try await temp.store.saveCatalogue(first, provider: "demo", unlessFresherThan: 60, now: fetched))
        // Fresh: left as it is.
        #expect(try await !temp.store.saveCatalogue([ModelInfo(id: "c")], provider: "demo", unlessFresherThan: 60,
                                                    now: fetched.addingTimeInterval(60)))
        #expect(try await temp.store.catalogue(provider: "demo")?.models.map(\.id) == ["a", "b"])
        // Stale: replaced, with the new time.
        #expect(try await temp.store.saveCatalogue([ModelInfo(id: "c")], provider: "demo", unlessFresherThan: 60,
                                                   now: fetched.addingTimeInterval(61)))
        let replaced = try #require(try await temp.store.catalogue(provider: "demo"))
        #expect(replaced.models.map(\.id) == ["c"])
        #expect(replaced.fetchedAt == fetched.addingTimeInterval(61))
        // Another provider's catalogue is its own.
        #expect(try await temp.store.saveCatalogue(first, provider: "other", unlessFresherThan: 60,
                                                   now: fetched.addingTimeInterval(62)))
    }

    @Test func aModelWithParametersInItsNameIsPricedAsItsBaseModel() async throws {
        let temp = try TempStore()
        try await temp.store.saveCatalogue([ModelInfo(id: "stream", promptPricePerMillion: 1, completionPricePerMillion: 2)],
                                           provider: "demo")
        let info = await temp.store.modelInfo(for: ModelRef(provider: "demo", model: "stream@tps=80"))
        #expect(info?.id == "stream")
        #expect(info?.completionPricePerMillion == 2)
        #expect(await temp.store.modelInfo(for: ModelRef(provider: "demo", model: "other@tps=80")) == nil)
        #expect(await temp.store.modelInfo(for: ModelRef(provider: "other", model: "stream@tps=80")) == nil)
    }

    // MARK: Performance history

    @Test func latencyStatsFromRecentSuccessfulAttempts() async throws {
        let temp = try TempStore()
        let base = Date(timeIntervalSince1970: 1_000_000)
        // TTFTs 0.1 ... 2.0 s; each streams 100 tokens in 1 s after the first token.
        for n in 1...20 {
            let ttft = Double(n) / 10
            try await temp.store.recordAttempt(Self.entry(.fast, at: base.addingTimeInterval(Double(n)),
                                                          completion: 100, ttft: ttft, duration: ttft + 1))
        }
        // Failures and other models don't count.
        try await temp.store.recordAttempt(Self.entry(.fast, at: base, outcome: .failed, ttft: 30, duration: 31))
        try await temp.store.recordAttempt(Self.entry(.flaky, at: base, ttft: 9, duration: 10))

        let stats = try #require(await temp.store.latencyStats(for: .fast))
        #expect(stats.samples == 20)
        #expect(stats.medianTimeToFirstToken.map { abs($0.seconds - 1.0) < 1e-9 } == true)
        #expect(stats.p95TimeToFirstToken.map { abs($0.seconds - 1.9) < 1e-9 } == true)
        #expect(stats.tokensPerSecond.map { abs($0 - 100) < 1e-6 } == true)
        #expect(await temp.store.latencyStats(for: .sonnet) == nil)
    }

    @Test func latencyStatsOfManyModelsAtOnceAgreeWithOneAtATime() async throws {
        let temp = try TempStore()
        let base = Date(timeIntervalSince1970: 2_000_000)
        for n in 1...7 {
            try await temp.store.recordAttempt(Self.entry(.fast, at: base.addingTimeInterval(Double(n)),
                                                          completion: 10 * n, ttft: Double(n) / 10, duration: 2))
            try await temp.store.recordAttempt(Self.entry(.flaky, at: base.addingTimeInterval(Double(n)),
                                                          ttft: 1, duration: 1.5 + Double(n)))
        }
        // Answered, but never with a measured first token: no statistics.
        try await temp.store.recordAttempt(Self.entry(.sonnet, at: base, ttft: nil))
        let unlisted = ModelRef(provider: "demo", model: "slow")
        try await temp.store.recordAttempt(Self.entry(unlisted, at: base))

        let all = await temp.store.latencyStats(for: [.fast, .flaky, .sonnet, ModelRef(provider: "demo", model: "never")])
        #expect(Set(all.keys) == [.fast, .flaky])
        #expect(all[.fast] == (await temp.store.latencyStats(for: .fast)))
        #expect(all[.flaky] == (await temp.store.latencyStats(for: .flaky)))
        #expect(await temp.store.latencyStats(for: []).isEmpty)
    }

    @Test func recoveringInterruptedAnswersReadsOnlyTheStreamingOnes() async throws {
        let temp = try TempStore()
        let plan = try await temp.store.pool.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN UPDATE message SET status = 'partial'
                WHERE status = 'streaming' AND updated_at < 1
                """).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("message_streaming") }, "the plan was \(plan)")
    }
}
