import Testing
@testable import ParleyGateway

@Suite("SSE decoder")
struct SSEDecoderTests {
    private func decodeAll(_ bytes: [UInt8], splitAt offsets: [Int] = []) -> [SSEEvent] {
        var decoder = SSEDecoder()
        var events: [SSEEvent] = []
        var start = 0
        do {
            for offset in offsets + [bytes.count] {
                events += try decoder.feed(bytes[start..<offset])
                start = offset
            }
            return events + (try decoder.finish())
        } catch {
            Issue.record("the decoder refused a small stream: \(error)")
            return events
        }
    }

    private func decode(_ text: String) -> [SSEEvent] { decodeAll(Array(text.utf8)) }

    @Test func lineEndingsLFCRAndCRLFAllEndLines() {
        let expected = [SSEEvent(data: "a"), SSEEvent(data: "b")]
        #expect(decode("data: a\n\ndata: b\n\n") == expected)
        #expect(decode("data: a\r\rdata: b\r\r") == expected)
        #expect(decode("data: a\r\n\r\ndata: b\r\n\r\n") == expected)
        #expect(decode("data: a\r\n\ndata: b\n\r\n") == expected)
    }

    @Test func commentsAreIgnoredAndDoNotDispatch() {
        #expect(decode(": OPENROUTER PROCESSING\n\n:\n\ndata: x\n\n") == [SSEEvent(data: "x")])
    }

    @Test func multipleDataLinesJoinWithNewline() {
        #expect(decode("data: one\ndata: two\ndata:three\n\n") == [SSEEvent(data: "one\ntwo\nthree")])
    }

    @Test func onlyOneLeadingSpaceIsStripped() {
        #expect(decode("data:  two spaces\n\n") == [SSEEvent(data: " two spaces")])
    }

    @Test func unknownFieldsAreIgnoredLikeOldLlamaCppErrorLines() {
        #expect(decode("error: {\"code\":400}\n\ndata: [DONE]\n\n") == [SSEEvent(data: "[DONE]")])
    }

    @Test func eventNameAndIdAndRetry() {
        let events = decode("event: error\nid: 7\nretry: 3000\ndata: {}\n\n")
        #expect(events == [SSEEvent(event: "error", data: "{}", id: "7", retry: 3000)])
    }

    @Test func eventWithoutTrailingBlankLineIsFlushedAtEOF() {
        #expect(decode("data: x\n\ndata: [DONE]") == [SSEEvent(data: "x"), SSEEvent(data: "[DONE]")])
    }

    @Test func byteOrderMarkAtStartIsSkipped() {
        #expect(decodeAll([0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)) == [SSEEvent(data: "x")])
    }

    @Test func multiByteCharacterSplitAcrossReadsSurvives() {
        let bytes = Array("data: 中文 é 🎉\n\n".utf8)
        for offset in 0...bytes.count {
            #expect(decodeAll(bytes, splitAt: [offset]) == [SSEEvent(data: "中文 é 🎉")])
        }
    }

    @Test(arguments: [
        "llamacpp-stream.sse", "llamacpp-stream-usage.sse", "litellm-stream-usage.sse",
        "litellm-proxied-llamacpp-stream.sse",
    ])
    func realCapturesDecodeTheSameAtEverySplit(_ name: String) throws {
        let bytes = try Fixture.bytes(name)
        let whole = decodeAll(bytes)
        #expect(whole.count > 3)
        #expect(whole.last?.data.hasPrefix("[DONE]") == true)
        for offset in 0...bytes.count {
            #expect(decodeAll(bytes, splitAt: [offset]) == whole, "split at \(offset)")
        }
        // And byte by byte.
        #expect(decodeAll(bytes, splitAt: Array(1..<bytes.count)) == whole)
    }

    @Test func crlfSplitBetweenReadsCountsOnce() {
        let bytes = Array("data: a\r\n\r\ndata: b\r\n\r\n".utf8)
        for offset in 0...bytes.count {
            #expect(decodeAll(bytes, splitAt: [offset]) == [SSEEvent(data: "a"), SSEEvent(data: "b")])
        }
    }
}
