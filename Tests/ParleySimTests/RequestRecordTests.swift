import Foundation
import ParleySim
import Testing

/// The simulator keeps, per model, what the last request asked for, so tests can prove what a
/// client sent (issue 13's efforts, issue 16's parameters).
@Suite("What the simulator was asked")
struct RequestRecordTests {
    @Test func everyDialectsReasoningSwitchIsRecordedAsSent() async throws {
        try await withServer { server in
            let bodies: [(String, [String: Any])] = [
                ("fast@tps=0,ttft=0", ["reasoning_effort": "high"]),
                ("stream@tps=0,ttft=0", ["reasoning": ["effort": "low"]]),
                ("echo", ["reasoning": ["enabled": false]]),
                ("thinker@think=0", ["thinking": ["type": "disabled"], "reasoning_effort": "medium"]),
                ("cheap@tps=0,ttft=0", ["chat_template_kwargs": ["enable_thinking": false]]),
            ]
            for (model, extra) in bodies {
                let response = try await SimClient.post(server, json: SimClient.chatBody(model: model, extra: extra))
                #expect(response.status == 200, "\(model): \(response.body)")
            }
            let stats = await server.stats()
            #expect(stats["fast@tps=0,ttft=0"].lastRequest?.reasoningEffort == "high")
            #expect(stats["stream@tps=0,ttft=0"].lastRequest?.openRouterEffort == "low")
            #expect(stats["stream@tps=0,ttft=0"].lastRequest?.openRouterEnabled == nil)
            #expect(stats["echo"].lastRequest?.openRouterEnabled == false)
            #expect(stats["thinker@think=0"].lastRequest?.thinkingType == "disabled")
            #expect(stats["thinker@think=0"].lastRequest?.reasoningEffort == "medium")
            #expect(stats["cheap@tps=0,ttft=0"].lastRequest?.enableThinking == false)
            #expect(stats["cheap@tps=0,ttft=0"].lastRequest?.reasoningEffort == nil)
        }
    }

    @Test func samplingParametersAndTheSystemPromptAreRecorded() async throws {
        try await withServer { server in
            let body = SimClient.chatBody(model: "echo", extra: ["temperature": 0.3, "max_tokens": 500])
            _ = try await SimClient.post(server, json: body)
            var record = try #require(await server.stats()["echo"].lastRequest)
            #expect(record.temperature == 0.3)
            #expect(record.maxTokens == 500)
            #expect(record.maxCompletionTokens == nil)
            #expect(record.system == "You are terse.")

            // The latest request replaces the record: nothing left over from the one before.
            _ = try await SimClient.post(server, json: [
                "model": "echo", "messages": [["role": "user", "content": "hi"]], "max_completion_tokens": 7,
            ])
            record = try #require(await server.stats()["echo"].lastRequest)
            var expected = SimRequestRecord(maxCompletionTokens: 7)
            expected.lastUser = "hi"   // the user's side is recorded too (attachments travel in it)
            expected.messageCount = 1
            #expect(record == expected)
        }
    }

    /// A hostile client: huge strings are cut, wrong types are dropped, the answer still comes.
    @Test func theRecordIsBoundedAndOddTypesAreDropped() async throws {
        try await withServer { server in
            let huge = String(repeating: "x", count: 100_000)
            let body: [String: Any] = [
                "model": "echo",
                "messages": [["role": "system", "content": huge], ["role": "user", "content": "hi"]],
                "reasoning_effort": huge, "reasoning": ["effort": 5, "enabled": "yes"],
                "thinking": "on", "chat_template_kwargs": ["enable_thinking": ["nested"]], "temperature": "hot",
            ]
            let response = try await SimClient.post(server, json: body)
            #expect(response.status == 200, "\(response.body)")
            let record = try #require(await server.stats()["echo"].lastRequest)
            #expect(record.reasoningEffort?.count == SimRequestRecord.maximumWordLength)
            #expect(record.system?.count == SimRequestRecord.maximumSystemLength)
            #expect(record.openRouterEffort == nil && record.openRouterEnabled == nil)
            #expect(record.thinkingType == nil && record.enableThinking == nil && record.temperature == nil)
        }
    }
}
