import Foundation
import ParleySim
import Testing

@Suite("Dialects of other servers")
struct DialectTests {
    @Test func openRouterAlwaysSendsUsageWithCost() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "openrouter@tps=0,ttft=0"))
            #expect(response.body.hasPrefix(": OPENROUTER PROCESSING\n\n"))
            #expect(response.headers.first(name: "x-generation-id")?.hasPrefix("gen-") == true)
            let usage = try #require(response.usage)
            let prompt = try #require(usage["prompt_tokens"] as? Int)
            let completion = try #require(usage["completion_tokens"] as? Int)
            let model = try #require(SimCatalogue.models.first { $0.id == "openrouter" })
            let expected = NSDecimalNumber(decimal: model.cost(promptTokens: prompt, completionTokens: completion)).doubleValue
            let cost = try #require(usage["cost"] as? Double)
            #expect(abs(cost - expected) < 1e-12)
            #expect(expected > 0)
        }
    }

    @Test func noUsageModelNeverReportsUsage() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "no-usage", includeUsage: true))
            #expect(response.chunks.allSatisfy { $0["usage"] == nil })
            let first = (response.chunks.first?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            #expect(first?.keys.sorted() == ["role"])
            #expect(response.events.last == "[DONE]")
            // The simulator still counts what it would have reported.
            let stats = try await SimClient.waitForStats(server) { $0["no-usage"].completed == 1 }
            #expect(stats["no-usage"].completionTokens == response.contentPieces.count)
        }
    }

    @Test func llamaServerPutsUsageOnTheFinishChunk() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "llama-server"))
            let chunks = response.chunks
            let finish = try #require(chunks.last)
            #expect((finish["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "stop")
            #expect((finish["usage"] as? [String: Any])?["completion_tokens"] as? Int == response.contentPieces.count)
            #expect(finish["timings"] != nil)
            let firstDelta = (chunks.first?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            #expect(firstDelta?["content"] is NSNull)
        }
    }

    @Test func liteLLMPutsUsageOnAChunkWithChoices() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "litellm", includeUsage: true))
            let last = try #require(response.chunks.last)
            #expect((last["choices"] as? [Any])?.count == 1)
            #expect(last["usage"] != nil)
        }
    }

    @Test func crlfFramingWithMultiLineData() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "crlf", includeUsage: true))
            #expect(response.body.contains("\r\ndata: \"object\""))
            #expect(!response.body.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            #expect(response.body.hasSuffix("data: [DONE]\r\n"))
            #expect(response.usage?["completion_tokens"] as? Int == response.contentPieces.count)
            #expect(response.contentPieces.count > 10)
        }
    }

    @Test func escapesSurviveJSONDecoding() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "escapes"))
            let text = response.contentPieces.joined()
            #expect(text.contains("\u{1B}[31m"))
            #expect(text.contains("\u{1B}]0;"))
            #expect(text.contains("\u{1B}]52;c;"))
            #expect(text.contains("\u{9B}"))
            #expect(response.contentPieces.contains("\u{1B}"))  // an escape split across chunks
            #expect(response.body.contains("\\u001b"))
        }
    }

    @Test func modelsListInOpenRouterShape() async throws {
        try await withServer { server in
            for path in ["/v1/models", "/models", "/api/v1/models"] {
                let response = try await SimClient.send(server, method: .GET, path: path)
                #expect(response.status == 200)
                let data = try #require(response.json["data"] as? [[String: Any]])
                let ids = Set(data.compactMap { $0["id"] as? String })
                for id in ["fast", "slow", "echo", "cheap", "premium", "rate-limited", "broken", "stall", "drop",
                           "error-chunk", "no-usage", "escapes", "silent", "flaky"] {
                    #expect(ids.contains(id), "missing \(id)")
                }
                let fast = try #require(data.first { $0["id"] as? String == "fast" })
                let pricing = try #require(fast["pricing"] as? [String: Any])
                #expect(pricing["prompt"] as? String == "0.0000015")
                #expect(pricing["completion"] as? String == "0.000002")
                #expect(fast["context_length"] as? Int == 128_000)
            }
        }
    }

    @Test func cheapIsCheapestAndFastIsFastest() {
        let models = SimCatalogue.models.filter { ["fast", "cheap", "premium", "slow"].contains($0.id) }
        #expect(models.min { $0.completionPrice < $1.completionPrice }?.id == "cheap")
        #expect(models.max { $0.tokensPerSecond < $1.tokensPerSecond }?.id == "fast")
        #expect(models.max { $0.completionPrice < $1.completionPrice }?.id == "premium")
    }
}
