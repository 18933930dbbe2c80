import Foundation
import Testing
@testable import ParleyGateway

/// Thinking in every dialect servers use, decoded apart from the answer, with the body cut at
/// every byte offset.
@Suite("Reasoning streams")
struct ReasoningStreamTests {
    /// What a stream came to: the thinking, the answer, whether any reasoning event came.
    struct Result: Equatable {
        var reasoning = ""
        var text = ""
        var reasoningEvents = 0
        var usage: Usage?
    }

    private static func sse(_ payloads: [String]) -> [UInt8] {
        Array((payloads.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n").utf8)
    }

    /// A chunk whose `delta.content` is `piece`, JSON-escaped.
    private static func contentChunk(_ piece: String) throws -> String {
        let data = try JSONEncoder().encode(["content": piece])
        return #"{"choices":[{"delta":"# + String(decoding: data, as: UTF8.self) + "}]}"
    }

    private static func fold(_ events: [ChatStreamEvent], into result: inout Result) {
        for event in events {
            switch event {
            case .reasoning(let r):
                result.reasoning += r
                result.reasoningEvents += 1
            case .text(let t): result.text += t
            case .usage(let u): result.usage = u
            default: break
            }
        }
    }

    /// Decodes `bytes` cut into two pieces at `cut`.
    private static func decode(_ bytes: [UInt8], cut: Int, fastPath: Bool) throws -> Result {
        var decoder = ChatStreamDecoder(sanitizer: TextSanitizer(), fastPath: fastPath)
        var result = Result()
        fold(try decoder.feed(bytes[..<cut]), into: &result)
        fold(try decoder.feed(bytes[cut...]), into: &result)
        fold(try decoder.finish(), into: &result)
        return result
    }

    /// The same result whatever byte the body is cut at.
    private static func expectAtEveryCut(_ bytes: [UInt8], reasoning: String, text: String,
                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        // Both ways of reading chunks: with the fast path and with the full decoder alone.
        for fastPath in [true, false] {
        for cut in 0...bytes.count {
            let result = try decode(bytes, cut: cut, fastPath: fastPath)
            #expect(result.reasoning == reasoning, "cut at \(cut)", sourceLocation: sourceLocation)
            #expect(result.text == text, "cut at \(cut)", sourceLocation: sourceLocation)
            if result.reasoning != reasoning || result.text != text { return }
        }
        }
    }

    @Test func deepSeekReasoningContentBesideNullContent() throws {
        let bytes = Self.sse([
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Let me"}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":null,"reasoning_content":" think… 中文"}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"Paris.","reasoning_content":null}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        ])
        try Self.expectAtEveryCut(bytes, reasoning: "Let me think… 中文", text: "Paris.")
    }

    @Test func openRouterReasoningIsNotCountedTwiceWithItsDetails() throws {
        let bytes = Self.sse([
            #"{"choices":[{"delta":{"content":"","reasoning":"Hmm.","reasoning_details":[{"type":"reasoning.text","text":"Hmm.","index":0}]}}]}"#,
            #"{"choices":[{"delta":{"content":"","reasoning_details":[{"type":"reasoning.summary","summary":" In short: yes."}]}}]}"#,
            #"{"choices":[{"delta":{"content":"","reasoning_details":[{"type":"reasoning.encrypted","data":"gAAAA=="}]}}]}"#,
            #"{"choices":[{"delta":{"content":"Yes."},"finish_reason":"stop"}]}"#,
        ])
        try Self.expectAtEveryCut(bytes, reasoning: "Hmm. In short: yes.", text: "Yes.")
    }

    @Test func encryptedReasoningShowsNothingButIsActivity() throws {
        var decoder = ChatStreamDecoder(sanitizer: TextSanitizer())
        let events = try decoder.feed(Self.sse([
            #"{"choices":[{"delta":{"reasoning_details":[{"type":"reasoning.encrypted","data":"gAAAA=="}]}}]}"#,
        ]))
        #expect(events == [.reasoning("")])
    }

    @Test func ollamaReasoningField() throws {
        let bytes = Self.sse([
            #"{"model":"qwen3","choices":[{"delta":{"role":"assistant","content":"","reasoning":"Okay, the user"}}]}"#,
            #"{"model":"qwen3","choices":[{"delta":{"role":"assistant","content":"Hi!"}}]}"#,
            #"{"model":"qwen3","choices":[{"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}"#,
        ])
        try Self.expectAtEveryCut(bytes, reasoning: "Okay, the user", text: "Hi!")
    }

    /// The tags arrive cut into pieces of every size, mid-tag too.
    @Test func thinkTagsSplitAcrossChunksNeverReachTheAnswer() throws {
        let content = "<think>Step 1: é.\nStep 2.</think>\n\nThe answer is 4."
        let characters = Array(content)
        for size in 1...characters.count {
            let pieces = stride(from: 0, to: characters.count, by: size).map {
                String(characters[$0..<min($0 + size, characters.count)])
            }
            let payloads = try pieces.map(Self.contentChunk) + [#"{"choices":[{"delta":{},"finish_reason":"stop"}]}"#]
            let bytes = Self.sse(payloads)
            for fastPath in [true, false] {
                let result = try Self.decode(bytes, cut: bytes.count / 2, fastPath: fastPath)
                #expect(result.reasoning == "Step 1: é.\nStep 2.", "pieces of \(size)")
                #expect(result.text == "The answer is 4.", "pieces of \(size)")
            }
        }
        // And the whole stream of one-character pieces cut at every byte.
        let payloads = try characters.map { try Self.contentChunk(String($0)) }
        try Self.expectAtEveryCut(Self.sse(payloads), reasoning: "Step 1: é.\nStep 2.", text: "The answer is 4.")
    }

    @Test func splitterAtEveryPairOfCuts() {
        let content = " <think>a<b</thin</think>x <think>y</think>"
        let characters = Array(content)
        for i in 0...characters.count {
            for j in i...characters.count {
                var splitter = ThinkTagSplitter()
                var reasoning = "", text = ""
                let parts = [String(characters[..<i]), String(characters[i..<j]), String(characters[j...])]
                for event in parts.flatMap({ splitter.feed($0) }) + splitter.finish() {
                    if case .reasoning(let r) = event { reasoning += r }
                    if case .text(let t) = event { text += t }
                }
                #expect(reasoning == "a<b</thin", "cuts \(i), \(j)")
                // A <think> after the answer began is the answer's text.
                #expect(text == "x <think>y</think>", "cuts \(i), \(j)")
            }
        }
    }

    @Test func contentThatOnlyLooksLikeATagIsAnswer() {
        #expect(ThinkTagSplitter.split("<thin").text == "<thin")
        #expect(ThinkTagSplitter.split("<b>bold</b>").text == "<b>bold</b>")
        #expect(ThinkTagSplitter.split("  plain").text == "  plain")
        #expect(ThinkTagSplitter.split("<think>unfinished").reasoning == "unfinished")
        #expect(ThinkTagSplitter.split("<think>unfinished").text == "")
    }

    @Test func nonStreamedAnswersInEveryDialect() throws {
        let sanitizer = TextSanitizer()
        let bodies = [
            #"{"choices":[{"message":{"role":"assistant","content":"42","reasoning_content":"Compute."},"finish_reason":"stop"}]}"#,
            #"{"choices":[{"message":{"role":"assistant","content":"42","reasoning":"Compute."},"finish_reason":"stop"}]}"#,
            #"{"choices":[{"message":{"role":"assistant","content":"<think>Compute.</think>\n\n42"},"finish_reason":"stop"}]}"#,
        ]
        for body in bodies {
            let completion = try ChunkDecoder.decodeCompletion(Data(body.utf8), sanitizer: sanitizer)
            #expect(completion.reasoning == "Compute.", "\(body)")
            #expect(completion.text == "42", "\(body)")
        }
    }

    @Test func aReasoningFieldOfTheWrongTypeIsIgnoredNotFatal() throws {
        var decoder = ChatStreamDecoder(sanitizer: TextSanitizer())
        let events = try decoder.feed(Self.sse([
            #"{"choices":[{"delta":{"content":"ok","reasoning":42,"reasoning_content":{"x":1},"reasoning_details":"no"}}]}"#,
        ]))
        #expect(events == [.text("ok")])
    }
}
