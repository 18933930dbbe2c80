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
public struct SSEDecoder: Sendable {
    private var line: [UInt8] = []
    private var previousWasCR = false
    private var atStreamStart = true

    private var eventName: String?
    private var dataLines: [String] = []
    private var lastEventID: String?
    private var retry: Int?
    private var pendingFieldSeen = false

    public init() {}

    /// Feeds the next bytes of the stream and returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\r"):
                endLine(into: &events)
                previousWasCR = true
            case UInt8(ascii: "\n"):
                if previousWasCR {
                    previousWasCR = false  // the LF of a CRLF: the line already ended
                } else {
                    endLine(into: &events)
                }
            default:
                previousWasCR = false
                line.append(byte)
            }
        }
        return events
    }

    /// The stream ended: flushes a last line without a terminator and a last event without its
    /// blank line (llama.cpp has been seen to end with `data: [DONE]` and no blank line).
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !line.isEmpty { endLine(into: &events) }
        dispatch(into: &events)
        return events
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
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
            retry = nil
            pendingFieldSeen = false
        }
        guard pendingFieldSeen else { return }
        events.append(SSEEvent(event: eventName, data: dataLines.joined(separator: "\n"), id: lastEventID,
                               retry: retry))
    }
}
