import Foundation
import Testing
@testable import ParleyGateway

@Suite("Chunk decoding")
struct ChunkDecodingTests {
    let sanitizer = TextSanitizer()

    private func events(_ json: String, event: String? = nil) throws -> [ChatStreamEvent] {
        switch try BothDecoderPaths.decode(SSEEvent(event: event, data: json), sanitizer: sanitizer) {
        case .done: return []
        case .events(let e): return e
        }
    }

    /// Runs a whole captured stream through the SSE and chunk decoders.
    private func replay(_ name: String) throws -> (text: String, usage: Usage?, finish: String?) {
        var decoder = SSEDecoder()
        var text = ""
        var usage: Usage?
        var finish: String?
        for event in try decoder.feed(try Fixture.bytes(name)) + decoder.finish() {
            guard case .events(let items) = try BothDecoderPaths.decode(event, sanitizer: sanitizer) else { break }
            for item in items {
                switch item {
                case .text(let t): text += t
                case .usage(let u): usage = u
                case .finished(let r): finish = r
                default: break
                }
            }
        }
        return (text, usage, finish)
    }

    @Test func llamaCppPythonStreamHasTextAndNoUsage() throws {
        let result = try replay("llamacpp-stream-usage.sse")
        #expect(result.text.hasPrefix("Bonjour in French."))
        #expect(result.usage == nil)
        #expect(result.finish != nil)
    }

    @Test func liteLLMPutsUsageOnAChunkWithChoices() throws {
        let result = try replay("litellm-stream-usage.sse")
        #expect(!result.text.isEmpty)
        let usage = try #require(result.usage)
        #expect(usage.completionTokens > 0)
        #expect(usage.totalTokens == usage.promptTokens + usage.completionTokens)
    }

    @Test func proxiedLlamaCppGetsUsageFromLiteLLM() throws {
        let result = try replay("litellm-proxied-llamacpp-stream.sse")
        #expect(!result.text.isEmpty)
        #expect(result.usage != nil)
    }

    @Test func emptyChoicesUsageChunkWithCost() throws {
        let e = try events(#"{"id":"x","model":"openai/gpt-4o","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14,"cost":0.00014}}"#)
        #expect(e == [.servedBy("openai/gpt-4o"), .usage(Usage(promptTokens: 10, completionTokens: 4, totalTokens: 14, cost: 0.00014))])
    }

    @Test func nullMissingAndEmptyContentYieldNoText() throws {
        #expect(try events(#"{"choices":[{"index":0,"delta":{"role":"assistant","content":null}}]}"#) == [])
        #expect(try events(#"{"choices":[{"index":0,"delta":{}}]}"#) == [])
        #expect(try events(#"{"choices":[{"index":0,"delta":{"content":""}}],"usage":null}"#) == [])
    }

    @Test func usageOnTheFinishChunkLikeLlamaServer() throws {
        let e = try events(#"{"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"model":"","usage":{"completion_tokens":2,"prompt_tokens":12,"total_tokens":14},"timings":{"predicted_n":2}}"#)
        #expect(e == [.usage(Usage(promptTokens: 12, completionTokens: 2)), .finished(reason: "stop")])
    }

    @Test func doneEndsTheStreamByPrefix() throws {
        #expect(try BothDecoderPaths.decode(SSEEvent(data: "[DONE]"), sanitizer: sanitizer) == .done)
        #expect(try BothDecoderPaths.decode(SSEEvent(data: "[DONE] trailing"), sanitizer: sanitizer) == .done)
    }

    @Test func openRouterErrorChunkWithIntegerCode() {
        #expect(throws: GatewayError.streamError(code: "429", message: "Rate limit exceeded")) {
            try events(#"{"id":"gen-1","object":"chat.completion.chunk","error":{"code":429,"message":"Rate limit exceeded","metadata":{"error_type":"rate_limit_exceeded"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#)
        }
    }

    @Test func liteLLMErrorChunkWithStringCode() {
        #expect(throws: GatewayError.streamError(code: "500", message: "upstream failed")) {
            try events(#"{"error":{"message":"upstream failed","type":"None","param":"None","code":"500"}}"#)
        }
    }

    @Test func errorEventWithPlainData() {
        #expect(throws: GatewayError.streamError(code: nil, message: "overloaded")) {
            try events("overloaded", event: "error")
        }
    }

    @Test func nonJSONDataIsMalformed() {
        #expect(throws: GatewayError.self) { try events("this is not json") }
        do {
            _ = try events("garbage \u{1B}[31m")
        } catch let error as GatewayError {
            guard case .malformedStream(let message) = error else { Issue.record("wrong kind \(error)"); return }
            #expect(!message.contains("\u{1B}"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func nonStreamedCompletionFromLlamaCpp() throws {
        let completion = try ChunkDecoder.decodeCompletion(try Fixture.data("llamacpp-nonstream.json"), sanitizer: sanitizer)
        #expect(!completion.text.isEmpty)
        #expect(completion.usage != nil)
    }

    @Test func cataloguesInEveryShape() throws {
        let llama = try CatalogueDecoder.decode(try Fixture.data("llamacpp-models.json"), sanitizer: sanitizer)
        #expect(llama.count == 1)
        let litellm = try CatalogueDecoder.decode(try Fixture.data("litellm-models.json"), sanitizer: sanitizer)
        #expect(!litellm.isEmpty)
        let openrouter = try CatalogueDecoder.decode(Data(#"{"data":[{"id":"openai/gpt-4o","name":"GPT-4o","context_length":128000,"pricing":{"prompt":"0.0000025","completion":"0.00001"}},{"id":"openrouter/auto","pricing":{"prompt":"-1","completion":"-1"}}]}"#.utf8), sanitizer: sanitizer)
        #expect(openrouter[0] == ModelInfo(id: "openai/gpt-4o", name: "GPT-4o", contextLength: 128000,
                                            promptPricePerMillion: 2.5, completionPricePerMillion: 10))
        #expect(openrouter[1].promptPricePerMillion == nil)
    }
}
