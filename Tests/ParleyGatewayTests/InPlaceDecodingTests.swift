import Testing
@testable import ParleyGateway

/// The chunk decoder reads a one-line event's bytes where they lie in the network read
/// (`SSEDecoder.feedRaw`) and only builds `SSEEvent`s for what it declines. These tests feed
/// hostile streams cut at every byte and byte by byte, and check that what comes out is what the
/// decoder made of the whole stream with the full chunk decoder alone: the in-place path is an
/// optimisation, never a difference a caller can see.
@Suite("In-place decoding")
struct InPlaceDecodingTests {
    private static let common = #"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}"#

    /// What a caller sees: the events in order, or the error the stream ended with.
    private struct Outcome: Equatable, CustomStringConvertible {
        var events: [ChatStreamEvent] = []
        var error: String?
        var description: String { "\(events) \(error ?? "")" }
    }

    /// Decodes `bytes` fed in the pieces that `cuts` make, with or without the fast path.
    private static func decode(_ bytes: [UInt8], cuts: [Int], fastPath: Bool) -> Outcome {
        var decoder = ChatStreamDecoder(sanitizer: TextSanitizer(), fastPath: fastPath)
        var outcome = Outcome()
        var start = 0
        do {
            for end in cuts + [bytes.count] {
                outcome.events += try decoder.feed(bytes[start..<end])
                start = end
            }
            outcome.events += try decoder.finish()
        } catch {
            outcome.error = "\(error)"
        }
        // Text pieces may split differently only where the reads split them; join them.
        outcome.events = GatewayClient.coalesced(outcome.events)
        return outcome
    }

    /// Every way of cutting `stream` gives, on the fast path, what the full decoder alone gives
    /// for the same reads (events, and the error if the stream fails).
    private static func expectSameEverywhere(_ stream: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectSameEverywhere(Array(stream.utf8), sourceLocation: sourceLocation)
    }

    private static func expectSameEverywhere(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        for cuts in (0...bytes.count).map({ [$0] }) + [Array(0..<bytes.count)] {
            let fast = decode(bytes, cuts: cuts, fastPath: true)
            let full = decode(bytes, cuts: cuts, fastPath: false)
            #expect(fast == full, "cut at \(cuts.count == 1 ? "\(cuts[0])" : "every byte")", sourceLocation: sourceLocation)
            if fast != full { return }
        }
    }

    /// `common` with another model id (`model` is the JSON text between the quotes).
    private static func common(model: String) -> String {
        #"{"id":"c1","object":"chat.completion.chunk","created":1,"model":""# + model
            + #"","system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}"#
    }

    @Test func commonChunksWithEveryLineEnding() {
        for end in ["\n", "\r", "\r\n"] {
            let stream = "data: \(Self.common)\(end)\(end)data: \(Self.common)\(end)\(end)data: [DONE]\(end)\(end)"
            Self.expectSameEverywhere(stream)
        }
    }

    @Test func theFastPathReadsAChunkInPlace() {
        // The in-place path must actually answer for the common shape, or the tests above prove nothing.
        var sse = SSEDecoder()
        let bytes = Array("data: \(Self.common)\n\n".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let raw = try? sse.feedRaw(buffer)
            #expect(raw?.count == 1)
            guard case .inRead(let range)? = raw?.first?.payload else {
                Issue.record("a one-line event in one read should be a range of it")
                return
            }
            var fast = FastChunkDecoder(sanitizer: TextSanitizer())
            var events: [ChatStreamEvent] = []
            #expect(fast.decode(UnsafeBufferPointer(rebasing: buffer[range]), eventName: nil, into: &events))
            #expect(events == [.servedBy("m"), .text("Hi")])
        }
    }

    @Test func dataWithoutSpaceCommentsAndUnknownFields() {
        Self.expectSameEverywhere(": keep-alive\n\ndata:\(Self.common)\nfoo: bar\nid: 7\nretry: 10\n\n: PROCESSING\ndata: [DONE]\n\n")
    }

    @Test func multiLineDataIsJoinedBeforeDecoding() {
        // One JSON object over three `data:` lines: only the joined data is valid JSON.
        Self.expectSameEverywhere("data: {\"choices\":[{\"index\":0,\ndata: \"delta\":{\"content\":\"a\"}}],\ndata: \"model\":\"m\"}\n\ndata: \(Self.common)\n\n")
    }

    @Test func byteOrderMarkAndStreamWithoutFinalBlankLine() {
        Self.expectSameEverywhere([0xEF, 0xBB, 0xBF] + Array("data: \(Self.common)\n\ndata: [DONE]".utf8))
        Self.expectSameEverywhere("data: \(Self.common)")
    }

    @Test func nonUTF8BytesInsideAndOutsideStrings() {
        let head = Array(#"data: {"model":"m"#.utf8)
        let content = Array(#"","choices":[{"index":0,"delta":{"content":"a"#.utf8)
        let tail = Array(#"b"},"finish_reason":null}]}"#.utf8) + Array("\n\n".utf8)
        // A lone lead byte, a stray continuation byte and a truncated four-byte sequence.
        for bad: [UInt8] in [[0xC3], [0x80], [0xF0, 0x9F, 0x98], [0xFF, 0xFE]] {
            Self.expectSameEverywhere(head + bad + content + bad + tail)
            // Outside any string: not JSON, whichever path reads it.
            Self.expectSameEverywhere(Array("data: {".utf8) + bad + Array("}\n\n".utf8))
        }
    }

    @Test func escapesInSkippedValuesAndInTheModel() {
        let chunk = #"{"id":"a\"b\\c\u00e9\ud83d\ude00","model":"m\u00e9","object":"x\/y","choices":[{"index":0,"delta":{"content":"\u2603\n"},"finish_reason":null}]}"#
        Self.expectSameEverywhere("data: \(chunk)\n\ndata: \(Self.common)\n\n")
        // Malformed escapes in a skipped value: the full decoder judges, the same either way.
        for bad in [#""\x""#, #""\u12""#, #""\udc00""#, #""\ud83d""#, #""\ud83d\u0041""#, "\"a\u{01}b\""] {
            Self.expectSameEverywhere("data: {\"id\":\(bad),\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n")
        }
    }

    @Test func theServingModelChangesMidStream() {
        #expect(Self.common(model: "m") == Self.common)
        let other = Self.common(model: #"n\u001b[31m"#)
        let longer = Self.common(model: "mm")
        Self.expectSameEverywhere("data: \(Self.common)\n\ndata: \(other)\n\ndata: \(longer)\n\ndata: \(Self.common)\n\n")
    }

    @Test func errorsToolCallsAndOddShapesFallBack() {
        let cases = [
            #"{"error":{"message":"overloaded","code":"529"}}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"error"}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"content_filter"}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"x"}}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#,
            #"{"choices":[{"index":0,"delta":{"content":"x"}}]} trailing"#,
            "not json",
        ]
        for data in cases {
            Self.expectSameEverywhere("data: \(Self.common)\n\ndata: \(data)\n\ndata: \(Self.common)\n\n")
        }
        Self.expectSameEverywhere("event: error\ndata: \(Self.common)\n\n")
    }

    @Test func thinkTagsAcrossFastChunks() {
        func chunk(_ text: String) -> String {
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(text)\"},\"finish_reason\":null}]}\n\n"
        }
        Self.expectSameEverywhere(chunk("<thi") + chunk("nk>hm</th") + chunk("ink>\\n\\nYes") + chunk(" sir") + "data: [DONE]\n\n")
    }

    @Test func nothingAfterDoneIsRead() {
        Self.expectSameEverywhere("data: \(Self.common)\n\ndata: [DONE]\n\ndata: not json\n\n")
    }

    @Test func theLineCapHoldsForLinesInsideOneRead() {
        var sse = SSEDecoder(maximumEventBytes: 16)
        let long = Array("data: \(String(repeating: "x", count: 40))\n\n".utf8)
        _ = long.withUnsafeBufferPointer { buffer in
            #expect(throws: SSEDecoder.EventTooLarge.self) { try sse.feedRaw(buffer) }
        }
    }

    @Test func theEventCapHoldsForManyShortDataLinesInsideOneRead() {
        var sse = SSEDecoder(maximumEventBytes: 16)
        let lines = Array(String(repeating: "data: abcd\n", count: 8).utf8)
        _ = lines.withUnsafeBufferPointer { buffer in
            #expect(throws: SSEDecoder.EventTooLarge.self) { try sse.feedRaw(buffer) }
        }
    }

    @Test func aDataLineWaitingAcrossReadsIsKept() {
        // The blank line that ends the event comes in a later read than its data line: the data
        // must have been copied before the first read went away.
        var sse = SSEDecoder()
        var first = Array("data: one\n".utf8)
        let raw = first.withUnsafeMutableBufferPointer { buffer in
            let events = try? sse.feedRaw(UnsafeBufferPointer(buffer))
            buffer.update(repeating: UInt8(ascii: "!"))  // the read's memory is reused
            return events
        }
        #expect(raw?.isEmpty == true)
        first = Array("data: two\n\n".utf8)
        #expect((try? sse.feed(first)) == [SSEEvent(data: "one\ntwo")])
    }
}
