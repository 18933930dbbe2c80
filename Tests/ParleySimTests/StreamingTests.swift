import Foundation
import ParleySim
import Testing

@Suite("Streaming answers")
struct StreamingTests {
    /// A comparison sends its lanes at once: an unpaced stream must not be written whole before
    /// the next request is even read (the simulator runs on one event-loop thread).
    @Test func unpacedStreamsInterleave() async throws {
        try await withServer { server in
            let long = "stream@tps=0,ttft=0,chunks=100000"
            let first = try await SimClient.startStream(server, model: long)
            let second = try await SimClient.startStream(server, model: "stream@tps=0,ttft=0,chunks=3")
            #expect(try await SimClient.readContentChunks(second, count: 1).count >= 1)
            // The second answer began while the first was still being written.
            let written = await server.stats()[long].streamedTokens
            #expect(written < 100_000)
            _ = first
        }
    }

    @Test func streamWithUsageHasTheOpenAIShape() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "fast", includeUsage: true))
            #expect(response.status == 200)
            #expect(response.headers.first(name: "content-type") == "text/event-stream; charset=utf-8")
            #expect(response.events.last == "[DONE]")

            let chunks = response.chunks
            let first = try #require(chunks.first)
            #expect(first["object"] as? String == "chat.completion.chunk")
            #expect(first["model"] as? String == "fast")
            let firstDelta = (first["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            #expect(firstDelta?["role"] as? String == "assistant")
            let firstContent = firstDelta?["content"] as? String
            #expect(firstContent == nil || firstContent == "")

            // Same id and created on every chunk.
            #expect(Set(chunks.compactMap { $0["id"] as? String }).count == 1)
            #expect(Set(chunks.compactMap { $0["created"] as? Int }).count == 1)

            // The finish chunk: empty delta, "stop"; then the usage chunk with `choices: []`.
            let finish = chunks[chunks.count - 2]
            let finishChoice = try #require((finish["choices"] as? [[String: Any]])?.first)
            #expect(finishChoice["finish_reason"] as? String == "stop")
            #expect((finishChoice["delta"] as? [String: Any])?.isEmpty == true)
            let usageChunk = chunks[chunks.count - 1]
            #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)

            let usage = try #require(response.usage)
            #expect(usage["completion_tokens"] as? Int == response.contentPieces.count)
            let promptChars = "You are terse.".count + "Tell me about Swift concurrency".count
            #expect(usage["prompt_tokens"] as? Int == promptChars / 4)
            #expect(usage["total_tokens"] as? Int == promptChars / 4 + response.contentPieces.count)

            let text = response.contentPieces.joined()
            #expect(text.hasPrefix("You asked: \u{201C}Tell me about Swift concurrency\u{201D}. Here is what fast has to say."))

            let stats = try await SimClient.waitForStats(server) { $0["fast"].completed == 1 }
            #expect(stats["fast"].requests == 1)
            #expect(stats["fast"].promptTokens == promptChars / 4)
            #expect(stats["fast"].completionTokens == response.contentPieces.count)
            #expect(stats["fast"].streamedTokens == response.contentPieces.count)
        }
    }

    @Test func usageChunkOnlyWhenAsked() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "fast"))
            #expect(response.usage == nil)
            #expect(!response.body.contains("\"usage\""))
            #expect(response.events.last == "[DONE]")
        }
    }

    @Test func answersAreDeterministic() async throws {
        try await withServer { server in
            let one = try await SimClient.post(server, json: SimClient.chatBody(model: "cheap@tps=0,ttft=0"))
            let two = try await SimClient.post(server, json: SimClient.chatBody(model: "cheap@tps=0,ttft=0"))
            let other = try await SimClient.post(server, json: SimClient.chatBody(model: "cheap@tps=0,ttft=0", prompt: "Something else"))
            #expect(one.contentPieces == two.contentPieces)
            #expect(one.contentPieces.count > 20)
            #expect(one.contentPieces != other.contentPieces)
        }
    }

    @Test func echoRepeatsThePrompt() async throws {
        try await withServer { server in
            let prompt = "Hello, wörld! 中文 and    spaces\nnew line"
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "echo", prompt: prompt, includeUsage: true))
            #expect(response.contentPieces.joined() == prompt)
            #expect(response.usage?["completion_tokens"] as? Int == response.contentPieces.count)
        }
    }

    @Test func recallQuotesTheLastAnswerItWasSent() async throws {
        try await withServer { server in
            let first = try await SimClient.post(server, json: SimClient.chatBody(model: "recall"))
            #expect(first.contentPieces.joined() == "I have not answered anything yet.")
            let thread: [[String: String]] = [
                ["role": "user", "content": "one"], ["role": "assistant", "content": "my own words"],
                ["role": "user", "content": "two"],
            ]
            let second = try await SimClient.post(server, json: SimClient.chatBody(model: "recall", extra: ["messages": thread]))
            #expect(second.contentPieces.joined() == "Last time I said: «my own words»")
        }
    }

    @Test func chunkCountParameterAndMaxTokens() async throws {
        try await withServer { server in
            let exact = try await SimClient.post(server, json: SimClient.chatBody(model: "stream@tps=0,ttft=0,chunks=7", includeUsage: true))
            #expect(exact.contentPieces.count == 7)
            #expect(exact.usage?["completion_tokens"] as? Int == 7)

            let long = try await SimClient.post(server, json: SimClient.chatBody(model: "long@chunks=300,tps=0"))
            #expect(long.contentPieces.count == 300)

            let limited = try await SimClient.post(server, json: SimClient.chatBody(model: "fast@tps=0", extra: ["max_tokens": 4]))
            #expect(limited.contentPieces.count == 4)
            let finish = limited.chunks.last?["choices"] as? [[String: Any]]
            #expect(finish?.first?["finish_reason"] as? String == "length")
        }
    }

    @Test func slowModelSendsKeepAliveComments() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "slow@tps=0,chunks=12"))
            #expect(response.body.hasPrefix(": keep-alive\n\n"))
            #expect(response.body.components(separatedBy: ": keep-alive").count >= 4)
            #expect(response.contentPieces.count == 12)
        }
    }

    @Test func notStreamedAnswer() async throws {
        try await withServer { server in
            let response = try await SimClient.post(server, json: SimClient.chatBody(model: "echo", prompt: "ping", stream: false))
            #expect(response.status == 200)
            #expect(response.headers.first(name: "content-type") == "application/json")
            #expect(response.json["object"] as? String == "chat.completion")
            let message = (response.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any]
            #expect(message?["content"] as? String == "ping")
            #expect(message?["role"] as? String == "assistant")
            let usage = response.json["usage"] as? [String: Any]
            #expect(usage?["completion_tokens"] as? Int == 1)
        }
    }

    @Test func markdownAppearsInSomeAnswers() async throws {
        try await withServer { server in
            var sawMarkdown = false
            for prompt in ["a", "b", "c", "d", "e", "f", "g", "h"] {
                let response = try await SimClient.post(server, json: SimClient.chatBody(model: "fast@tps=0,ttft=0", prompt: "question \(prompt)"))
                let text = response.contentPieces.joined()
                if text.contains("\n- ") || text.contains("```") || text.contains("\n#") { sawMarkdown = true }
            }
            #expect(sawMarkdown)
        }
    }
}
