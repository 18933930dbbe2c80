import AsyncHTTPClient
import Foundation
import ParleySim
import Testing

@Suite("Failing models and bad requests", .timeLimit(.minutes(1)))
struct FailureTests {
    @Test func unknownModelIs404WithOpenAIBody() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "no-such-model"))
            #expect(response.status == 404)
            #expect(response.error?["code"] as? String == "model_not_found")
            #expect(response.error?["type"] as? String == "invalid_request_error")
            #expect((response.error?["message"] as? String)?.contains("no-such-model") == true)
        }
    }

    @Test func badJSONIs400() async throws {
        try await withServer { server in
            let response = try await SimClient.send(server, method: .POST, path: "/v1/chat/completions", body: Data("{not json".utf8))
            #expect(response.status == 400)
            #expect(response.error?["type"] as? String == "invalid_request_error")
            let missingModel = try await SimClient.post(server, json: ["messages": []])
            #expect(missingModel.status == 400)
            let badParameter = try await SimClient.post(server, json: SimClient.chatBody(model: "stream@speed=3"))
            #expect(badParameter.status == 400)
        }
    }

    /// A model name is request input: absurd parameters are a 400 naming the range, not a trap
    /// (the demo gateway runs inside `parley`) and not a plan of 1e18 chunks.
    @Test(arguments: ["echo@ttft=1e300", "thinker@think=1e300", "echo@chunks=1000000000000000000",
                      "echo@mb=1e300", "broken@status=70000", "echo@tps=-1", "echo@ttft=nan"])
    func absurdModelParametersAre400(model: String) async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: model))
            #expect(response.status == 400)
            let message = response.error?["message"] as? String ?? ""
            #expect(message.contains("from 0 to") || message.contains("from 400 to 599"), "\(message)")
        }
    }

    @Test func aRetryAfterOfAnySizeIsStillSent() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "rate-limited@retry=1e300"))
            #expect(response.status == 429)
        }
    }

    @Test func pathsWithoutV1AndUnknownPaths() async throws {
        try await withServer { server in
            let plain = try await SimClient.post(server, path: "/chat/completions", json: SimClient.chatBody(model: "echo", prompt: "hi"))
            #expect(plain.contentPieces.joined() == "hi")
            let unknown = try await SimClient.send(server, method: .GET, path: "/v1/nothing")
            #expect(unknown.status == 404)
            #expect(unknown.error != nil)
        }
    }

    @Test func rateLimitedSendsRetryAfter() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "rate-limited"))
            #expect(response.status == 429)
            #expect(response.headers.first(name: "retry-after") == "1")
            #expect(response.headers.first(name: "retry-after-ms") == "1000")
            #expect(response.error?["code"] as? String == "rate_limit_exceeded")
            let custom = try await SimClient.post(server, json: SimClient.chatBody(model: "rate-limited@retry=2.5"))
            #expect(custom.headers.first(name: "retry-after") == "3")
            #expect(custom.headers.first(name: "retry-after-ms") == "2500")
        }
    }

    @Test(arguments: [("broken", 500), ("overloaded", 503), ("unauthorized", 401), ("no-credit", 402),
                      ("forbidden", 403), ("error@status=418", 418), ("error", 500)])
    func httpErrors(model: String, status: Int) async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: model))
            #expect(response.status == status)
            #expect(response.headers.first(name: "content-type") == "application/json")
            let error = try #require(response.error)
            #expect(error["message"] is String)
            if status == 402 || status == 403 { #expect(error["code"] as? String == String(status)) }
        }
    }

    @Test func flakyFailsThenSucceedsPerConversation() async throws {
        try await withServer { server in
            let body = SimClient.chatBody(model: "flaky", prompt: "retry me")
            let first = try await SimClient.post(server, json: body)
            let second = try await SimClient.post(server, json: body)
            let third = try await SimClient.post(server, json: body)
            #expect(first.status == 503)
            #expect(first.headers.first(name: "retry-after-ms") == "100")
            #expect(second.status == 503)
            #expect(third.status == 200)
            #expect(third.events.last == "[DONE]")
            let otherPrompt = try await SimClient.post(server, json: SimClient.chatBody(model: "flaky", prompt: "another"))
            #expect(otherPrompt.status == 503)
            let once = try await SimClient.post(server, json: SimClient.chatBody(model: "flaky@fails=0"))
            #expect(once.status == 200)
        }
    }

    @Test func openRouterErrorChunkAfterFiveChunks() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "error-chunk"))
            #expect(response.status == 200)
            #expect(response.contentPieces.count == 5)
            let errorChunk = try #require(response.chunks.last)
            let error = try #require(errorChunk["error"] as? [String: Any])
            #expect(error["code"] as? Int == 502)
            #expect((errorChunk["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "error")
            #expect(!response.events.contains("[DONE]"))
            let stats = try await SimClient.waitForStats(server) { $0.activeResponses == 0 }
            #expect(stats["error-chunk"].completed == 0)
            #expect(stats["error-chunk"].streamedTokens == 5)
        }
    }

    @Test func liteLLMAndLegacyErrorsInTheStream() async throws {
        try await withServer { server in
            let lite = try await SimClient.post(server, json: SimClient.chatBody(model: "litellm-error@after=2"))
            #expect(lite.contentPieces.count == 2)
            #expect((lite.chunks.last?["error"] as? [String: Any])?["code"] as? String == "500")

            let legacy = try await SimClient.post(server, json: SimClient.chatBody(model: "legacy-error@after=3"))
            #expect(legacy.contentPieces.count == 3)
            #expect(legacy.body.contains("\nerror: {\"code\":400"))
            #expect(legacy.events.last == "[DONE]")
        }
    }

    @Test func garbageSendsNonJSONDataLines() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "garbage@after=2", includeUsage: true))
            #expect(response.events.contains("this is not JSON"))
            #expect(response.events.last == "[DONE]")
            #expect(response.usage?["completion_tokens"] as? Int == response.contentPieces.count)
        }
    }

    @Test func dropClosesTheConnectionMidBody() async throws {
        try await withServer { server in
            await #expect(throws: (any Error).self) {
                _ = try await SimClient.post(server, json: SimClient.chatBody(model: "drop@after=4"))
            }
            let stats = try await SimClient.waitForStats(server) { $0.activeResponses == 0 }
            #expect(stats["drop@after=4"].streamedTokens == 4)
            #expect(stats["drop@after=4"].completed == 0)
        }
    }

    @Test func stallEndsWhenTheClientGoesAway() async throws {
        try await withServer { server in
            let reader = Task {
                let response = try await SimClient.startStream(server, model: "stall@after=3")
                // Reads the 3 chunks, then waits for more that never come.
                return try await SimClient.readContentChunks(response, count: 4)
            }
            let stalled = try await SimClient.waitForStats(server) {
                $0["stall@after=3"].streamedTokens == 3 && $0.activeResponses == 1
            }
            #expect(stalled.activeResponses == 1)
            reader.cancel()  // the client gives up: its connection closes
            _ = await reader.result
            let after = try await SimClient.waitForStats(server) { $0.activeResponses == 0 }
            #expect(after.activeResponses == 0)
            #expect(after["stall@after=3"].completed == 0)
        }
    }

    @Test func shutdownDoesNotHangWithSilentAndStalledRequests() async throws {
        let server = try await SimServer.start()
        let silent = Task { try await SimClient.post(server, json: SimClient.chatBody(model: "silent")) }
        let stalled = Task { try await SimClient.post(server, json: SimClient.chatBody(model: "stall")) }
        let waiting = try await SimClient.waitForStats(server) {
            $0["silent"].requests == 1 && $0["stall"].streamedTokens == 5
        }
        #expect(waiting.activeResponses == 2)
        try await server.shutdown()
        // Both clients see the connection close instead of waiting forever.
        await #expect(throws: (any Error).self) { _ = try await silent.value }
        await #expect(throws: (any Error).self) { _ = try await stalled.value }
        try await server.shutdown()  // twice is harmless
    }

    @Test func cancelledClientEndsASilentWait() async throws {
        try await withServer { server in
            let client = Task { try await SimClient.post(server, json: SimClient.chatBody(model: "silent")) }
            _ = try await SimClient.waitForStats(server) { $0["silent"].requests == 1 && $0.activeResponses == 1 }
            client.cancel()
            _ = await client.result
            let stats = try await SimClient.waitForStats(server) { $0.activeResponses == 0 }
            #expect(stats.activeResponses == 0)
        }
    }
}
