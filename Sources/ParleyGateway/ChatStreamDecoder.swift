/// Turns the bytes of a chat completion's SSE body into stream events: SSE framing, chunk
/// decoding, and the `<think>` tags some servers leave in the content, in that order. Pure and
/// incremental, so the body may arrive cut at any byte; `GatewayClient` feeds it and adds the
/// watchdog and the end-of-stream checks.
struct ChatStreamDecoder {
    private var sse = SSEDecoder()
    private var thinkTags = ThinkTagSplitter()
    private var fastPath: FastChunkDecoder?
    private let sanitizer: TextSanitizer
    /// `[DONE]` arrived: nothing after it is read.
    private(set) var isDone = false

    /// `fastPath: false` reads every chunk with the full decoder (the tests run both paths).
    init(sanitizer: TextSanitizer, fastPath: Bool = true) {
        self.sanitizer = sanitizer
        self.fastPath = fastPath ? FastChunkDecoder(sanitizer: sanitizer) : nil
    }

    /// The events the next bytes complete. Throws a `GatewayError` for an error in the stream.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [ChatStreamEvent] {
        guard !isDone else { return [] }
        return try decode(sse.feed(bytes))
    }

    /// The body ended: the events of a last event without its blank line, and any held-back text.
    mutating func finish() throws -> [ChatStreamEvent] {
        guard !isDone else { return [] }
        return try decode(sse.finish()) + thinkTags.finish()
    }

    private mutating func decode(_ events: [SSEEvent]) throws -> [ChatStreamEvent] {
        var out: [ChatStreamEvent] = []
        for event in events {
            let meaning: ChunkMeaning
            if let fast = fastPath?.decode(event) {
                meaning = .events(fast)
            } else {
                meaning = try ChunkDecoder.decode(event, sanitizer: sanitizer)
            }
            switch meaning {
            case .done:
                isDone = true
                return out + thinkTags.finish()
            case .events(let decoded):
                for item in decoded {
                    switch item {
                    case .text(let piece):
                        out += thinkTags.feed(piece)
                    case .finished:
                        // Nothing follows a finish reason but usage: release what was held back.
                        out += thinkTags.finish()
                        out.append(item)
                    default:
                        out.append(item)
                    }
                }
            }
        }
        return out
    }
}
