/// One server-sent event.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, when the server named the event.
    public var event: String?
    /// The `data:` lines joined with `\n`.
    public var data: String
    public var id: String?
    public var retry: Int?

    public init(event: String? = nil, data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// A byte-level decoder for `text/event-stream`, following the WHATWG rules as openai-python applies
/// them: lines end in LF, CR or CRLF (a CRLF split between two reads still counts once); a blank
/// line dispatches the pending event; `:` starts a comment; several `data:` lines join with `\n`;
/// unknown fields are ignored. Lines are decoded as UTF-8 only once complete, so a multi-byte
/// character split across reads is never damaged.
///
/// Line-splitting helpers that drop empty lines would lose the event boundaries; this one keeps them.
///
/// Memory is bounded whatever the server sends: one line, and the `data:` of one event, may hold at
/// most `maximumEventBytes` (4 MiB by default, documented in docs/providers.md). A server that sends
/// a line without an end, or `data:` lines without the blank line that ends the event, makes
/// `feed` throw `EventTooLarge` instead of growing a buffer until the machine runs out of memory.
public struct SSEDecoder: Sendable {
    /// The default cap of one line and of one event's data: far above any real chunk (a chunk of
    /// a chat stream is a few hundred bytes; a whole non-streamed answer rarely reaches 1 MB).
    public static let defaultMaximumEventBytes = 4 << 20

    /// Thrown when one line or one event grows past the cap.
    public struct EventTooLarge: Error, Sendable, Hashable {
        public let limit: Int
    }

    public let maximumEventBytes: Int
    private var line: [UInt8] = []
    private var previousWasCR = false
    private var atStreamStart = true

    private var eventName: String?
    private var dataLines: [String] = []
    /// Bytes held by `dataLines`, separators included.
    private var dataBytes = 0
    private var lastEventID: String?
    private var retry: Int?
    private var pendingFieldSeen = false

    public init(maximumEventBytes: Int = SSEDecoder.defaultMaximumEventBytes) {
        self.maximumEventBytes = max(1, maximumEventBytes)
    }

    /// Feeds the next bytes of the stream and returns the events they completed. Throws once a
    /// line or an event passes `maximumEventBytes`; the decoder is then of no further use.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(EventTooLarge) -> [SSEEvent] {
        var events: [SSEEvent] = []
        // A network read is contiguous: copy each line's bytes as one run, not byte by byte.
        var failure: EventTooLarge?
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(EventTooLarge) { try feedRuns(buffer, into: &events) } catch { failure = error }
        }
        if let failure { throw failure }
        if handled != nil { return events }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\r"):
                try endLine(into: &events)
                previousWasCR = true
            case UInt8(ascii: "\n"):
                if previousWasCR {
                    previousWasCR = false  // the LF of a CRLF: the line already ended
                } else {
                    try endLine(into: &events)
                }
            default:
                previousWasCR = false
                guard line.count < maximumEventBytes else { throw EventTooLarge(limit: maximumEventBytes) }
                line.append(byte)
            }
        }
        return events
    }

    private mutating func feedRuns(_ buffer: UnsafeBufferPointer<UInt8>,
                                   into events: inout [SSEEvent]) throws(EventTooLarge) {
        var start = 0
        while start < buffer.count {
            var end = start
            while end < buffer.count, buffer[end] != UInt8(ascii: "\r"), buffer[end] != UInt8(ascii: "\n") { end += 1 }
            if end > start {
                previousWasCR = false
                guard line.count + (end - start) <= maximumEventBytes else { throw EventTooLarge(limit: maximumEventBytes) }
                line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
            }
            guard end < buffer.count else { break }
            if buffer[end] == UInt8(ascii: "\r") {
                try endLine(into: &events)
                previousWasCR = true
            } else if previousWasCR {
                previousWasCR = false  // the LF of a CRLF: the line already ended
            } else {
                try endLine(into: &events)
            }
            start = end + 1
        }
    }

    /// The stream ended: flushes a last line without a terminator and a last event without its
    /// blank line (llama.cpp has been seen to end with `data: [DONE]` and no blank line).
    public mutating func finish() throws(EventTooLarge) -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !line.isEmpty { try endLine(into: &events) }
        dispatch(into: &events)
        return events
    }

    private mutating func endLine(into events: inout [SSEEvent]) throws(EventTooLarge) {
        var bytes = line[...]
        line.removeAll(keepingCapacity: true)
        if atStreamStart {
            atStreamStart = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // UTF-8 BOM
        }
        guard !bytes.isEmpty else {
            dispatch(into: &events)
            return
        }
        if bytes.first == UInt8(ascii: ":") { return }  // comment: keep-alives, OpenRouter's PROCESSING

        let field: String
        var value: ArraySlice<UInt8>
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: bytes[..<colon], as: UTF8.self)
            value = bytes[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            field = String(decoding: bytes, as: UTF8.self)
            value = []
        }
        let text = String(decoding: value, as: UTF8.self)
        switch field {
        case "event":
            eventName = text
            pendingFieldSeen = true
        case "data":
            // The joined data of one event is capped like a line: `data:` lines without the blank
            // line that ends an event would otherwise pile up without end.
            dataBytes += value.count + (dataLines.isEmpty ? 0 : 1)
            guard dataBytes <= maximumEventBytes else { throw EventTooLarge(limit: maximumEventBytes) }
            dataLines.append(text)
            pendingFieldSeen = true
        case "id":
            if !text.contains("\0") {
                lastEventID = text
                pendingFieldSeen = true
            }
        case "retry":
            if let value = Int(text), text.allSatisfy(\.isASCII) {
                retry = value
                pendingFieldSeen = true
            }
        default:
            break  // unknown fields are ignored, as the spec says
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            eventName = nil
            dataLines.removeAll(keepingCapacity: true)
            dataBytes = 0
            retry = nil
            pendingFieldSeen = false
        }
        guard pendingFieldSeen else { return }
        events.append(SSEEvent(event: eventName, data: dataLines.joined(separator: "\n"), id: lastEventID,
                               retry: retry))
    }
}
