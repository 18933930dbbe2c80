import Testing
import Foundation
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

@Suite("Chunks read around their text")
struct ChunkTemplateTests {
    static let first = FastChunkDecoderTests.common

    /// `first` with `"You"` replaced by `literal` (a JSON string literal or any other bytes).
    static func chunk(content literal: String, from template: String = first) -> String {
        template.replacingOccurrences(of: #""content":"You""#, with: #""content":"# + literal)
    }

    /// Reads `chunks` in order with one decoder. Each chunk's events must be what the full
    /// decoder reads (or the fast path must decline it). Returns the events of the last chunk
    /// (nil when declined) and how many chunks were read as the template.
    private func read(_ chunks: [String]) throws -> (events: [ChatStreamEvent]?, templated: Int) {
        var fast = FastChunkDecoder(sanitizer: TextSanitizer())
        var last: [ChatStreamEvent]?
        for data in chunks {
            let event = SSEEvent(data: data)
            last = fast.decode(event)
            if let last {
                let full = try ChunkDecoder.decode(event, sanitizer: TextSanitizer())
                #expect(full == .events(last), "the fast path disagrees with the full decoder on \(data)")
            }
        }
        return (last, fast.readAsTemplate)
    }

    @Test func aChunkLikeTheLastIsReadAroundItsText() throws {
        let next = Self.chunk(content: #""orld""#)
        let (events, templated) = try read([Self.first, next])
        #expect(templated == 1)
        #expect(events == [.servedBy("gpt-4o"), .text("orld")])
    }

    @Test(arguments: [
        #""""#,                                              // empty: no text event
        #""a much longer piece of text than the first one""#,
        #""line\nbreak \"quoted\" back\\slash \/ tab\t""#,
        #""\u00e9\u4e2d\ud83d\ude00 é中😀""#,
        #""esc \u001b[31m""#,
        #""\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}""#,  // the suffix, escaped
        #"  "spaced""#,                                        // whitespace before the string
    ])
    func otherTextsInTheSameChunkAreReadAsTheTemplate(_ literal: String) throws {
        let (events, templated) = try read([Self.first, Self.chunk(content: literal)])
        #expect(templated == 1)
        #expect(events != nil)
    }

    @Test(arguments: [
        #""a\ud800""#,                      // a lone surrogate
        "\"raw \u{01} control\"",           // an unescaped control character
        #""unterminated"#,
        #""a","x":"b""#,                    // a string that ends before the chunk's tail
        #""a"  "#,                          // whitespace the template did not have
        "null",
        "7",
    ])
    func anythingElseBetweenTheSameBytesIsReadInFull(_ literal: String) throws {
        let (_, templated) = try read([Self.first, Self.chunk(content: literal)])
        #expect(templated == 0)
    }

    @Test func aChunkWithOtherBytesAroundItsTextIsReadInFullAndBecomesTheTemplate() throws {
        let nextSecond = Self.first.replacingOccurrences(of: "1796225855", with: "1796225856")
        let finishing = Self.first.replacingOccurrences(of: #""finish_reason":null"#, with: #""finish_reason":"stop""#)
        let otherModel = Self.first.replacingOccurrences(of: #""gpt-4o""#, with: #""gpt-4o-mini""#)
        // Each differs from the one before outside the text: read in full, with its meaning.
        var (events, templated) = try read([Self.first, nextSecond])
        #expect(templated == 0)
        #expect(events == [.servedBy("gpt-4o"), .text("You")])
        (events, templated) = try read([Self.first, finishing])
        #expect(templated == 0)
        #expect(events == [.servedBy("gpt-4o"), .text("You"), .finished(reason: "stop")])
        (events, templated) = try read([Self.first, otherModel])
        #expect(templated == 0)
        #expect(events == [.servedBy("gpt-4o-mini"), .text("You")])
        // The chunk read in full is the template from then on.
        (events, templated) = try read([Self.first, nextSecond, Self.chunk(content: #""next""#, from: nextSecond)])
        #expect(templated == 1)
        #expect(events == [.servedBy("gpt-4o"), .text("next")])
        (events, templated) = try read([Self.first, finishing, Self.chunk(content: #""end""#, from: finishing)])
        #expect(templated == 1)
        #expect(events == [.servedBy("gpt-4o"), .text("end"), .finished(reason: "stop")])
    }

    @Test func anErrorEventIsNeverReadAsTheTemplate() {
        var fast = FastChunkDecoder(sanitizer: TextSanitizer())
        #expect(fast.decode(SSEEvent(data: Self.first)) != nil)
        #expect(fast.decode(SSEEvent(event: "error", data: Self.chunk(content: #""x""#))) == nil)
    }

    @Test func aChunkWithoutTextLeavesNoTemplate() throws {
        let roleOnly = #"{"model":"m","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}"#
        let nullContent = #"{"model":"m","choices":[{"index":0,"delta":{"content":null},"finish_reason":null}]}"#
        let (_, templated) = try read([roleOnly, nullContent, Self.first.replacingOccurrences(of: "gpt-4o", with: "m")])
        #expect(templated == 0)
    }

    @Test func aLongStreamReadsTheSameBothWaysAndMostlyAroundItsText() throws {
        // The simulator's chunks: a role chunk, many text chunks with escapes and multi-byte
        // text, a second that changes mid-stream, the finish and usage, cut into reads of 97
        // bytes so chunks straddle reads.
        func chunk(_ literal: String, created: Int = 1, finish: String = "null") -> String {
            #"{"id":"c1","object":"chat.completion.chunk","created":\#(created),"model":"sim","choices":[{"index":0,"delta":{"content":\#(literal)},"logprobs":null,"finish_reason":\#(finish)}],"usage":null}"#
        }
        var chunks = [#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"sim","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}"#]
        let pieces = [#""Hel""#, #""lo, ""#, #""wörld ""#, #""中文 ""#, #""\n\"q\"""#, #""\u00e9""#, #""""#, #"" <think>x</think>""#]
        for index in 0..<200 { chunks.append(chunk(pieces[index % pieces.count], created: index < 100 ? 1 : 2)) }
        chunks.append(chunk(#""""#, created: 2, finish: #""stop""#))
        chunks.append(#"{"id":"c1","object":"chat.completion.chunk","created":2,"model":"sim","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":200}}"#)
        let body = Array((chunks.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n").utf8)
        func events(fastPath: Bool) throws -> [ChatStreamEvent] {
            var decoder = ChatStreamDecoder(sanitizer: TextSanitizer(), fastPath: fastPath)
            var out: [ChatStreamEvent] = []
            var start = 0
            while start < body.count {
                let end = min(start + 97, body.count)
                out += try decoder.feed(body[start..<end])
                start = end
            }
            return out + (try decoder.finish())
        }
        let fast = try events(fastPath: true)
        #expect(fast == (try events(fastPath: false)))
        #expect(fast.contains(.finished(reason: "stop")))
        var templated = FastChunkDecoder(sanitizer: TextSanitizer())
        for data in chunks { _ = templated.decode(SSEEvent(data: data)) }
        #expect(templated.readAsTemplate >= 190)
    }
}
