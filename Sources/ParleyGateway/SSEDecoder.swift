#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// One dispatched event before a `String` is made of its data. A chat stream is one
    /// `data:` line per event, almost always whole inside one network read: its data is then
    /// only a range of that read, so the chunk decoder reads the bytes in place and a `String`
    /// is made only of the text it finds (building one per line was a large share of a fast
    /// stream's time).
    struct RawEvent: Sendable {
        enum Payload: Sendable, Equatable {
            /// The data is these bytes of the read just fed (one `data:` line, no copy).
            case inRead(Range<Int>)
            /// The data spanned reads or lines, so the decoder joined it itself.
            case owned(String)
        }
        var event: String?
        var payload: Payload
        var id: String?
        var retry: Int?

        /// The event as `feed` returns it; `read` is the buffer the event came from.
        func materialized(in read: UnsafeBufferPointer<UInt8>) -> SSEEvent {
            switch payload {
            case .inRead(let range):
                // The same `String` the joined lines would make: repairing invalid UTF-8 never
                // swallows an ASCII byte, so it does not matter whether it is done per line.
                SSEEvent(event: event, data: String(decoding: UnsafeBufferPointer(rebasing: read[range]), as: UTF8.self),
                         id: id, retry: retry)
            case .owned(let data):
                SSEEvent(event: event, data: data, id: id, retry: retry)
            }
        }
    }

    public let maximumEventBytes: Int
    /// The start of a line whose end has not arrived yet (it spans reads).
    private var line: [UInt8] = []
    private var previousWasCR = false
    private var atStreamStart = true

    private var eventName: String?
    /// The pending event's only data line, while it lies whole in the read being fed.
    private var dataInRead: Range<Int>?
    /// The pending event's data lines joined with `\n`, once they are not one range of the read.
    private var dataJoined: [UInt8] = []
    private var dataLineCount = 0
    /// Bytes of the pending event's data, separators included.
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
        var failure: EventTooLarge?
        var events: [SSEEvent] = []
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(EventTooLarge) {
                events = try feedRaw(buffer).map { $0.materialized(in: buffer) }
            } catch { failure = error }
        }
        if let failure { throw failure }
        if handled != nil { return events }
        // A sequence that is not contiguous (never a network read): copy it once.
        let copy = Array(bytes)
        copy.withUnsafeBufferPointer { buffer in
            do throws(EventTooLarge) {
                events = try feedRaw(buffer).map { $0.materialized(in: buffer) }
            } catch { failure = error }
        }
        if let failure { throw failure }
        return events
    }

    /// `feed` without making a `String` of each event's data: an `.inRead` payload is a range of
    /// `buffer`, valid as long as `buffer` is. Throws like `feed`.
    mutating func feedRaw(_ buffer: UnsafeBufferPointer<UInt8>) throws(EventTooLarge) -> [RawEvent] {
        var events: [RawEvent] = []
        var start = 0
        while start < buffer.count {
            let end = Self.lineEnd(in: buffer, from: start)
            if end > start {
                previousWasCR = false
                guard line.count + (end - start) <= maximumEventBytes else { throw EventTooLarge(limit: maximumEventBytes) }
            }
            guard end < buffer.count else {
                // The line goes on in the next read: keep its start.
                line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
                break
            }
            if buffer[end] == UInt8(ascii: "\r") {
                try endLine(buffer, start..<end, into: &events)
                previousWasCR = true
            } else if previousWasCR {
                previousWasCR = false  // the LF of a CRLF: the line already ended
            } else {
                try endLine(buffer, start..<end, into: &events)
            }
            start = end + 1
        }
        // The read is about to go away: a data line still waiting for its blank line is copied.
        if let range = dataInRead {
            dataInRead = nil
            dataJoined.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range]))
        }
        return events
    }

    /// The index of the first CR or LF at or after `start`, or `buffer.count`. Two `memchr`s
    /// (vectorised by the C library) instead of a loop over each byte: the line scan was the
    /// largest single cost of a fast stream once no `String` was built per line.
    private static func lineEnd(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = buffer.baseAddress, start < buffer.count else { return buffer.count }
        var end = buffer.count
        if let lf = memchr(base + start, Int32(UInt8(ascii: "\n")), end - start) {
            end = base.distance(to: lf.assumingMemoryBound(to: UInt8.self))
        }
        if end > start, let cr = memchr(base + start, Int32(UInt8(ascii: "\r")), end - start) {
            end = base.distance(to: cr.assumingMemoryBound(to: UInt8.self))
        }
        return end
    }

    /// The stream ended: flushes a last line without a terminator and a last event without its
    /// blank line (llama.cpp has been seen to end with `data: [DONE]` and no blank line).
    public mutating func finish() throws(EventTooLarge) -> [SSEEvent] {
        var events: [RawEvent] = []
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        if !line.isEmpty { try endLine(empty, 0..<0, into: &events) }
        dispatch(into: &events)
        return events.map { $0.materialized(in: empty) }
    }

    /// A line ended: `line` (what earlier reads held of it) followed by `buffer[range]`.
    private mutating func endLine(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                  into events: inout [RawEvent]) throws(EventTooLarge) {
        if line.isEmpty {
            try field(buffer, range, inRead: true, into: &events)
            return
        }
        // The line spans reads: join it, then read it from the joined copy. (Such a line is the
        // first one a read ends, so no data line of this read waits; copy one anyway should that
        // ever change, since `field` reads a waiting range from the line it is given.)
        if let waiting = dataInRead {
            dataInRead = nil
            dataJoined.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[waiting]))
        }
        line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range]))
        var joined: [UInt8] = []
        swap(&joined, &line)
        var failure: EventTooLarge?
        joined.withUnsafeBufferPointer { whole in
            do throws(EventTooLarge) { try field(whole, 0..<whole.count, inRead: false, into: &events) } catch { failure = error }
        }
        joined.removeAll(keepingCapacity: true)
        swap(&joined, &line)
        if let failure { throw failure }
    }

    /// One whole line, `bytes[range]`; `inRead` says `bytes` is the read being fed.
    private mutating func field(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, inRead: Bool,
                                into events: inout [RawEvent]) throws(EventTooLarge) {
        var lower = range.lowerBound
        let upper = range.upperBound
        if atStreamStart {
            atStreamStart = false
            if upper - lower >= 3, bytes[lower] == 0xEF, bytes[lower + 1] == 0xBB, bytes[lower + 2] == 0xBF {
                lower += 3  // UTF-8 BOM
            }
        }
        guard lower < upper else {
            dispatch(into: &events)
            return
        }
        if bytes[lower] == UInt8(ascii: ":") { return }  // comment: keep-alives, OpenRouter's PROCESSING

        var colon = lower
        while colon < upper, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
        let name = UnsafeBufferPointer(rebasing: bytes[lower..<colon])
        var valueStart = min(colon + 1, upper)
        if valueStart < upper, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = valueStart..<upper

        if name.elementsEqual("data".utf8) {
            // The joined data of one event is capped like a line: `data:` lines without the blank
            // line that ends an event would otherwise pile up without end.
            dataBytes += value.count + (dataLineCount == 0 ? 0 : 1)
            guard dataBytes <= maximumEventBytes else { throw EventTooLarge(limit: maximumEventBytes) }
            if dataLineCount == 0 && inRead {
                dataInRead = value
            } else {
                if let earlier = dataInRead {
                    dataInRead = nil
                    dataJoined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[earlier]))
                }
                if dataLineCount > 0 { dataJoined.append(UInt8(ascii: "\n")) }
                dataJoined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[value]))
            }
            dataLineCount += 1
            pendingFieldSeen = true
            return
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self)
        switch String(decoding: name, as: UTF8.self) {
        case "event":
            eventName = text
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

    private mutating func dispatch(into events: inout [RawEvent]) {
        defer {
            eventName = nil
            dataInRead = nil
            dataJoined.removeAll(keepingCapacity: true)
            dataLineCount = 0
            dataBytes = 0
            retry = nil
            pendingFieldSeen = false
        }
        guard pendingFieldSeen else { return }
        let payload: RawEvent.Payload
        if let range = dataInRead {
            payload = .inRead(range)
        } else {
            payload = .owned(String(decoding: dataJoined, as: UTF8.self))
        }
        events.append(RawEvent(event: eventName, payload: payload, id: lastEventID, retry: retry))
    }
}
