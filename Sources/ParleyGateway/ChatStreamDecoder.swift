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
        if let events = try bytes.withContiguousStorageIfAvailable({ try feed(buffer: $0) }) {
            return events
        }
        // A sequence that is not contiguous (never a network read): copy it once.
        return try Array(bytes).withUnsafeBufferPointer { try feed(buffer: $0) }
    }

    /// The body ended: the events of a last event without its blank line, and any held-back text.
    mutating func finish() throws -> [ChatStreamEvent] {
        guard !isDone else { return [] }
        var out: [ChatStreamEvent] = []
        for event in try sse.finish() {
            if try decode(event, into: &out) { return out }
        }
        return out + thinkTags.finish()
    }

    /// The chunks of one read, decoded where they lie in it: the fast path reads the bytes of a
    /// one-line event in place, and only what it declines becomes an `SSEEvent` for the full
    /// decoder.
    private mutating func feed(buffer: UnsafeBufferPointer<UInt8>) throws -> [ChatStreamEvent] {
        var out: [ChatStreamEvent] = []
        for raw in try sse.feedRaw(buffer) {
            if case .inRead(let range) = raw.payload, fastPath != nil {
                let data = UnsafeBufferPointer(rebasing: buffer[range])
                if thinkTags.isAnswering {
                    // Past any `<think>`, the splitter passes everything on as it is: decode
                    // straight onto `out`, no array per chunk.
                    if fastPath?.decode(data, eventName: raw.event, into: &out) == true { continue }
                } else {
                    var fast: [ChatStreamEvent] = []
                    if fastPath?.decode(data, eventName: raw.event, into: &fast) == true {
                        take(fast, into: &out)
                        continue
                    }
                }
            }
            if try decode(raw.materialized(in: buffer), into: &out) { return out }
        }
        return out
    }

    /// Decodes one event onto `out`; true once `[DONE]` arrived (nothing after it is read).
    private mutating func decode(_ event: SSEEvent, into out: inout [ChatStreamEvent]) throws -> Bool {
        let meaning: ChunkMeaning
        if let fast = fastPath?.decode(event) {
            meaning = .events(fast)
        } else {
            meaning = try ChunkDecoder.decode(event, sanitizer: sanitizer)
        }
        switch meaning {
        case .done:
            isDone = true
            out += thinkTags.finish()
            return true
        case .events(let decoded):
            take(decoded, into: &out)
            return false
        }
    }

    /// Passes one chunk's events on, its text through the `<think>` splitter.
    private mutating func take(_ decoded: [ChatStreamEvent], into out: inout [ChatStreamEvent]) {
        for item in decoded {
            switch item {
            case .text(let piece):
                thinkTags.feed(piece, into: &out)
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
