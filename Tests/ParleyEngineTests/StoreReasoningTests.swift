import Foundation
import Testing
import ParleyEngine
import ParleyGateway

/// A thinking model's answer in the store: the thinking kept with its message and never sent
/// back, the usage details and both first-token times in the ledger.
@Suite("Store: reasoning and usage details")
struct StoreReasoningTests {
    static let thinker = ModelRef(provider: "demo", model: "thinker")

    @Test func thinkingIsStoredWithItsAnswerAndNotResent() async throws {
        let temp = try TempStore()
        let conversation = try await temp.store.createConversation(title: "t", systemPrompt: nil)
        try await temp.store.commitUserMessage("What is 2+2?", in: conversation.id)
        var script = EventScript()
        var recorder = TurnRecorder(store: temp.store, conversationID: conversation.id, request: script.request,
                                    estimatedPromptTokens: [10])
        let usage = Usage(promptTokens: 100, completionTokens: 60, cost: 0.001, cachedTokens: 40,
                          cacheWriteTokens: 5, reasoningTokens: 50)
        for kind: EngineEvent.Kind in [
            .attemptStarted(model: Self.thinker, attempt: 1),
            .thinking(model: Self.thinker, latency: .milliseconds(300)),
            .reasoningDelta(model: Self.thinker, text: "Two and two "),
            .reasoningDelta(model: Self.thinker, text: "make four."),
            .firstToken(model: Self.thinker, latency: .milliseconds(2400)),
            .textDelta(model: Self.thinker, text: "4"),
            .finished(EngineEvent.Outcome(model: Self.thinker, text: "4", usage: usage, usageEstimated: false,
                                          cost: 0.001, timeToFirstToken: .milliseconds(300), duration: .seconds(3),
                                          reasoning: "Two and two make four.", timeToFirstAnswer: .milliseconds(2400))),
        ] {
            try await recorder.record(script.event(kind))
        }

        let messages = try await temp.store.messages(in: conversation.id)
        #expect(messages.map(\.content) == ["What is 2+2?", "4"])
        #expect(messages.last?.reasoning == "Two and two make four.")
        #expect(messages.first?.reasoning == nil)
        // The next turn sends the answer, not the thinking.
        let context = try await temp.store.chatContext(for: conversation.id)
        #expect(context.map(\.content) == ["What is 2+2?", "4"])

        let row = try #require(try await temp.store.ledger().last)
        #expect(row.cachedTokens == 40)
        #expect(row.cacheWriteTokens == 5)
        #expect(row.reasoningTokens == 50)
        #expect(row.timeToFirstToken == .milliseconds(300))
        #expect(row.timeToFirstAnswer == .milliseconds(2400))
        let report = try await temp.store.usageReport(by: .model)
        #expect(report.total.cachedTokens == 40)
        #expect(report.total.reasoningTokens == 50)
    }

    /// An attempt that broke off while still thinking was billed for its thinking.
    @Test func anAttemptThatDiedThinkingIsChargedForIt() async throws {
        let temp = try TempStore()
        let conversation = try await temp.store.createConversation(title: "t", systemPrompt: nil)
        try await temp.store.commitUserMessage("Hi", in: conversation.id)
        var script = EventScript()
        var recorder = TurnRecorder(store: temp.store, conversationID: conversation.id, request: script.request,
                                    estimatedPromptTokens: [10])
        for kind: EngineEvent.Kind in [
            .attemptStarted(model: Self.thinker, attempt: 1),
            .thinking(model: Self.thinker, latency: .milliseconds(200)),
            .reasoningDelta(model: Self.thinker, text: String(repeating: "hmm ", count: 10)),
            .attemptFailed(model: Self.thinker, attempt: 1, error: .timeout(.idle), partialText: ""),
        ] {
            try await recorder.record(script.event(kind))
        }
        let row = try #require(try await temp.store.ledger().last)
        #expect(row.outcome == .failed)
        #expect(row.tokensEstimated)
        #expect(row.completionTokens == 10)   // 40 characters of thinking, about four per token
        #expect(row.promptTokens == 10)
        #expect(row.timeToFirstToken == .milliseconds(200))
        #expect(row.timeToFirstAnswer == nil)
    }
}
