import Testing
@testable import ParleyGateway

@Suite("Fast chunk path")
struct FastChunkDecoderTests {
    /// What the simulator, OpenAI and most servers send for each piece of text.
    static let common = #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1796225855,"model":"gpt-4o","system_fingerprint":"fp_x","choices":[{"index":0,"delta":{"content":"You"},"logprobs":null,"finish_reason":null}],"usage":null}"#

    private func decode(_ data: String) throws -> [ChatStreamEvent] {
        guard case .events(let events) = try BothDecoderPaths.decode(SSEEvent(data: data), sanitizer: TextSanitizer()) else { return [] }
        return events
    }

    @Test func theCommonChunkIsReadOnTheFastPath() throws {
        #expect(BothDecoderPaths.fastPathTakes(Self.common))
        #expect(try decode(Self.common) == [.servedBy("gpt-4o"), .text("You")])
        let first = #"{"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}"#
        #expect(BothDecoderPaths.fastPathTakes(first))
        #expect(try decode(first) == [.servedBy("m")])
        let finish = #"{"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
        #expect(BothDecoderPaths.fastPathTakes(finish))
        #expect(try decode(finish) == [.servedBy("m"), .finished(reason: "stop")])
    }

    @Test(arguments: [
        #"{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#,  // usage chunk
        #"{"model":"m","choices":[{"index":0,"finish_reason":null}]}"#,  // no delta
        #"{"choices":[{"index":0,"delta":{"content":"a"}}],"usage":{"prompt_tokens":1}}"#,
        #"{"error":{"code":429,"message":"busy"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#,
        #"{"choices":[{"index":0,"delta":{"reasoning_content":"hm","content":null}}]}"#,
        #"{"choices":[{"index":0,"delta":{"reasoning":"hm","reasoning_details":[{"type":"reasoning.text","text":"hm"}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c"}]}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"a"},"content_filter_results":{"hate":{"filtered":false}}}]}"#,
        #"{"prompt_filter_results":[{"prompt_index":0}],"choices":[{"index":0,"delta":{"content":"a"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]}"#,
        #"{"choices":[{"index":0,"message":{"content":"whole"}}]}"#,
        #"{"model":"m","model":"n","choices":[{"index":0,"delta":{"content":"a"}}]}"#,
        #"{"mo\u0064el":"m","choices":[{"index":0,"delta":{"content":"a"}}]}"#,
        #"{"model":7,"choices":[{"index":0,"delta":{"content":"a"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":7}}]}"#,
        #"{"model":"m"}"#,
        #"{"choices":[{"index":0,"delta":{"content":"a\ud800"}}]}"#,  // a lone surrogate
        #"{"choices":[{"index":0,"delta":{"content":"a"}}]} trailing"#,
        #"{"created":01,"choices":[{"index":0,"delta":{"content":"a"}}]}"#,
        "not JSON", "[DONE]", "",
    ])
    func unusualShapesGoToTheFullDecoder(_ data: String) throws {
        #expect(!BothDecoderPaths.fastPathTakes(data))
    }

    @Test(arguments: [
        #"{"choices":[{"index":0,"delta":{"content":"line\nbreak \"quoted\" back\\slash \/ tab\t"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"\u00e9\u4e2d\ud83d\ude00 é中😀"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"esc \u001b[31m and nul \u0000"}}]}"#,
        #"  { "model" : "a b" , "choices" : [ { "index" : 0 , "delta" : { "content" : "x" } , "finish_reason" : null } ] , "usage" : null }  "#,
        #"{"id":"x","created":-1.5e+3,"provider":{"name":"p","list":[1,true,false,null,{"a":[]}]},"choices":[{"index":0,"delta":{"content":"y"}}]}"#,
        #"{"model":"sk-abcdefghijklmnop","choices":[{"index":0,"delta":{"content":"z"}}]}"#,
        #"{"model":"","choices":[{"index":0,"delta":{"content":null}}]}"#,
        #"{"model":null,"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"#,
    ])
    func trickyButCommonChunksAgreeWithTheFullDecoder(_ data: String) throws {
        #expect(BothDecoderPaths.fastPathTakes(data))
        _ = try decode(data)  // BothDecoderPaths checks the two paths agree
    }

    @Test func aWholeSimulatedStreamReadsTheSameBothWays() throws {
        var body = ""
        for piece in ["Hel", "lo", " <think>no</think>", "\\n", " wor", "ld"] {
            body += "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(piece)\"},\"finish_reason\":null}]}\n\n"
        }
        body += "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        body += "data: {\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":6}}\n\ndata: [DONE]\n\n"
        func events(fastPath: Bool) throws -> [ChatStreamEvent] {
            var decoder = ChatStreamDecoder(sanitizer: TextSanitizer(), fastPath: fastPath)
            return try decoder.feed(Array(body.utf8)) + decoder.finish()
        }
        let fast = try events(fastPath: true)
        #expect(fast == (try events(fastPath: false)))
        #expect(fast.contains(.usage(Usage(promptTokens: 3, completionTokens: 6))))
        #expect(fast.contains(.finished(reason: "stop")))
    }
}
