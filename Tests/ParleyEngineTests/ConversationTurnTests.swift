import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

/// The turn protocol all three front-ends use: budget, commit, stream, record.
@Suite struct ConversationTurnTests {
    private func spend(_ usd: Double, in store: Store) async throws {
        let conversation = try await store.createConversation(title: "earlier")
        try await store.recordAttempt(LedgerEntry(
            time: Date(), conversationID: conversation.id, requestID: RequestID(), model: .t("a"),
            promptTokens: 10, completionTokens: 10, tokensEstimated: false, costUSD: usd,
            timeToFirstToken: nil, duration: .seconds(1), outcome: .ok))
    }

    private func lanes(_ models: [String]) -> [ComparisonLane] {
        models.map { ComparisonLane(messages: question, plan: RoutePlan(chain: [.t($0)])) }
    }

    private func drain(_ turn: OpenTurn) async -> [TurnUpdate] {
        var updates: [TurnUpdate] = []
        for await update in turn.updates() { updates.append(update) }
        return updates
    }

    @Test func aTurnCommitsTheQuestionThenRecordsTheAnswer() async throws {
        let temp = try TempStore()
        let transport = ScriptedTransport(["a": [[.open, .text("Rayleigh")]]])
        let turn = ConversationTurn(store: temp.store, conductor: makeConductor(transport), budget: nil)
        let open = try await turn.begin(.init(prompt: "Why is the sky blue?", lanes: lanes(["a"]),
                                              target: .new(for: "Why is the sky blue?", systemPrompt: nil)))
        let updates = await drain(open)
        #expect(updates.contains { if case .storageFailed = $0 { true } else { false } } == false)
        let messages = try await temp.store.messages(in: open.conversationID)
        #expect(messages.map(\.content) == ["Why is the sky blue?", "Rayleigh"])
        #expect(try await temp.store.ledger(conversationID: open.conversationID).count == 1)
    }

    @Test func compareOverTheDailyBudgetIsRefusedAndSendsNothing() async throws {
        let temp = try TempStore()
        try await spend(2, in: temp.store)
        let transport = ScriptedTransport([:])
        let turn = ConversationTurn(store: temp.store, conductor: makeConductor(transport),
                                    budget: BudgetGuard(dailyLimit: 1))
        await #expect(throws: TurnRefusal.budget("daily budget $1.00 would be exceeded (spent $2.00 today)")) {
            _ = try await turn.begin(.init(prompt: "q", lanes: lanes(["a", "b"]),
                                           target: .new(for: "q", prefix: "compare: ", systemPrompt: nil),
                                           isComparison: true))
        }
        #expect(await transport.log.requests.isEmpty)
        #expect(try await temp.store.conversations().map(\.conversation.title) == ["earlier"])
    }

    @Test func askOverTheBudgetDoesNotCommitTheQuestion() async throws {
        let temp = try TempStore()
        try await spend(0.5, in: temp.store)
        let existing = try await temp.store.conversations().first!.conversation.id
        let turn = ConversationTurn(store: temp.store, conductor: makeConductor(ScriptedTransport([:])),
                                    budget: BudgetGuard(perConversationLimit: 0.5))
        await #expect(throws: TurnRefusal.self) {
            _ = try await turn.begin(.init(prompt: "one more", lanes: lanes(["a"]), target: .existing(id: existing)))
        }
        #expect(try await temp.store.messages(in: existing).isEmpty)
    }

    @Test func aFailedWriteMidAnswerIsReportedAndTheAnswerStillArrives() async throws {
        let temp = try TempStore()
        let transport = ScriptedTransport(["a": [[.open, .text("part one "), .text("part two")]]])
        let turn = ConversationTurn(store: temp.store, conductor: makeConductor(transport), budget: nil)
        let open = try await turn.begin(.init(prompt: "q", lanes: lanes(["a"]), target: .new(for: "q", systemPrompt: nil)))
        // The disk "fills up" once the question is saved: every later write is refused.
        try await temp.store.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER full_disk BEFORE INSERT ON message WHEN NEW.role = 'assistant'
                BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
                """)
        }
        let updates = await drain(open)
        let failures = updates.compactMap { if case .storageFailed(let text) = $0 { text } else { nil } }
        #expect(failures.count == 1)
        #expect(failures.first?.contains("could not save to the history") == true)
        #expect(failures.first?.contains("disk is full") == true)
        let finished = updates.contains { if case .event(let e) = $0, case .finished(let o) = e.kind { o.text == "part one part two" } else { false } }
        #expect(finished)
    }

    @Test func aStalledStreamsTextReachesTheDatabaseWithoutAnotherChunk() async throws {
        let temp = try TempStore()
        let gate = Gate()
        let transport = ScriptedTransport(["a": [[.open, .text("hello "), .text("world"), .gate(gate), .text("!")]]])
        let turn = ConversationTurn(store: temp.store, conductor: makeConductor(transport), budget: nil,
                                    checkpointInterval: .milliseconds(200))
        let open = try await turn.begin(.init(prompt: "q", lanes: lanes(["a"]), target: .new(for: "q", systemPrompt: nil)))
        let running = Task { await drain(open) }
        var saved = ""
        let deadline = Date().addingTimeInterval(60)  // generous: the machine may be loaded
        while Date() < deadline {
            saved = try await temp.store.messages(in: open.conversationID).first { $0.role == .assistant }?.content ?? ""
            if saved == "hello world" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(saved == "hello world")
        let status = try await temp.store.messages(in: open.conversationID).first { $0.role == .assistant }?.status
        #expect(status == .streaming)
        await gate.open()
        _ = await running.value
        let final = try await temp.store.messages(in: open.conversationID).last
        #expect(final?.content == "hello world!")
    }

    @Test func readOnlyOpeningWorksWhileAnotherProcessHoldsTheWriteLock() async throws {
        let temp = try TempStore()
        let conversation = try await temp.store.createConversation(title: "kept")
        let locker = try Store(url: temp.url)
        let holding = Gate()
        let release = Gate()
        let writer = Task {
            try await locker.pool.write { _ in
                // Blocks the writer connection inside a write transaction until released.
                let semaphore = DispatchSemaphore(value: 0)
                Task { await holding.open(); await release.wait(); semaphore.signal() }
                semaphore.wait()
            }
        }
        await holding.wait()
        let reader = try Store.openForReading(url: temp.url)
        #expect(reader.isReadOnly)
        #expect(try await reader.conversations().map(\.conversation.id) == [conversation.id])
        await #expect(throws: (any Error).self) { _ = try await reader.createConversation(title: "no") }
        await release.open()
        try await writer.value
    }
}
