import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

/// A thinking model through the Conductor: its thinking is its own event, the answer keeps only
/// the answer, and both first-token times are measured.
@Suite struct ConductorReasoningTests {
    let a = ModelRef.t("a"), b = ModelRef.t("b")

    @Test func thinkingComesApartFromTheAnswer() async throws {
        let usage = Usage(promptTokens: 12, completionTokens: 30, cachedTokens: 4, reasoningTokens: 25)
        let transport = ScriptedTransport(["a": [[.open, .reasoning("Let me "), .reasoning("see."),
                                                 .text("Blue"), .text(" light."), .usage(usage)]]])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a])))
        #expect(compact(events) == [
            "routed ordered p1:a",
            "start p1:a #1",
            "thinking p1:a",
            "reasoning p1:a Let me ",
            "reasoning p1:a see.",
            "first p1:a",
            "text p1:a Blue",
            "text p1:a  light.",
            "finished p1:a \"Blue light.\"",
        ])
        let result = try #require(outcome(events))
        #expect(result.reasoning == "Let me see.")
        #expect(result.usage.reasoningTokens == 25)
        #expect(result.usage.cachedTokens == 4)
        let first = try #require(result.timeToFirstToken)
        let answer = try #require(result.timeToFirstAnswer)
        #expect(first <= answer)
        // The log line for the first thinking token.
        let thinking = try #require(events.first { if case .thinking = $0.kind { true } else { false } })
        #expect(EngineEventLog.describe(thinking.kind)?.message.hasPrefix("thinking") == true)
    }

    /// Without usage from the server, the estimate counts the thinking as output too.
    @Test func estimatedUsageCountsTheThinking() async throws {
        let thought = String(repeating: "abcd", count: 40)   // about 40 tokens
        let transport = ScriptedTransport(["a": [[.open, .reasoning(thought), .text("ok")]]])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a])))
        let result = try #require(outcome(events))
        #expect(result.usageEstimated)
        #expect(result.usage.completionTokens >= 40)
    }

    /// A model that thought and then broke off falls back like any failed attempt.
    @Test func dyingWhileThinkingFallsBack() async throws {
        let transport = ScriptedTransport(["a": [[.open, .reasoning("hmm"), .fail(.timeout(.idle))]]])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a, b])))
        #expect(compact(events) == [
            "routed ordered p1:a,p1:b",
            "start p1:a #1", "thinking p1:a", "reasoning p1:a hmm", "failed p1:a #1 timeout-idle",
            "fallback p1:a -> p1:b",
            "start p1:b #1", "first p1:b", "text p1:b ok", "finished p1:b \"ok\"",
        ])
        #expect(outcome(events)?.reasoning == "")
    }
}
