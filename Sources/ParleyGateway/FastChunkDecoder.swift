#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes the one chunk shape that makes up almost every event of a stream, straight from the
/// bytes: `{"id":…,"model":"m","choices":[{"index":0,"delta":{"content":"text"},"finish_reason":null}]}`.
///
/// `JSONDecoder` builds a map of the whole object and walks it through `Codable` containers for
/// each chunk, which was most of the time a 100,000-chunk stream took. This reads the bytes once.
/// It answers only for shapes it knows completely and returns nil for anything else (an error
/// object, usage, reasoning, tool calls, several or no choices, a missing delta, keys it has not
/// been taught such as Azure's content-filter results, escapes in keys, deep nesting): those go
/// to `ChunkDecoder`, so what a stream means never depends on which path read it.
struct FastChunkDecoder {
    private let sanitizer: TextSanitizer
    /// Every chunk names the same model: compare its bytes with the last one's and clean it
    /// only when it changes (no `String` per chunk for it).
    private var lastModel: (raw: [UInt8], clean: String)?
    /// The last chunk read in full, around its text (see `ChunkTemplate`).
    private var template: ChunkTemplate?
    /// How many chunks were read as the template with another text (for tests).
    private(set) var readAsTemplate = 0

    init(sanitizer: TextSanitizer) {
        self.sanitizer = sanitizer
    }

    /// The events of `event`, or nil when the full decoder must read it.
    mutating func decode(_ event: SSEEvent) -> [ChatStreamEvent]? {
        var data = event.data
        var events: [ChatStreamEvent] = []
        let taken = data.withUTF8 { decode($0, eventName: event.event, into: &events) }
        return taken ? events : nil
    }

    /// Appends the events of one event's data bytes (straight from the network read) to
    /// `events` and returns true, or returns false, appending nothing, when the full decoder
    /// must read it.
    mutating func decode(_ data: UnsafeBufferPointer<UInt8>, eventName: String?,
                         into events: inout [ChatStreamEvent]) -> Bool {
        guard eventName != "error" else { return false }
        if let template, let text = template.text(of: data) {
            readAsTemplate += 1
            Self.append(servedBy: template.servedBy, text: text, finishReason: template.finishReason, to: &events)
            return true
        }
        var reader = JSONByteReader(data)
        guard let chunk = reader.commonChunk() else { return false }
        var servedBy: String?
        switch chunk.model {
        case .absent:
            break
        case .plain(let range):
            let raw = UnsafeBufferPointer(rebasing: data[range])
            if let last = lastModel, JSONByteReader.sameBytes(raw, last.raw) {
                servedBy = last.clean
            } else {
                servedBy = sanitizer.cleanIdentifier(String(decoding: raw, as: UTF8.self))
                lastModel = (Array(raw), servedBy ?? "")
            }
        case .decoded(let model):
            // A model id with escapes (never seen in practice): no cache, the same cleaning.
            servedBy = sanitizer.cleanIdentifier(model)
        }
        Self.append(servedBy: servedBy, text: chunk.content, finishReason: chunk.finishReason, to: &events)
        template = chunk.contentLiteral.map {
            ChunkTemplate(data, around: $0, servedBy: servedBy, finishReason: chunk.finishReason)
        }
        return true
    }

    private static func append(servedBy: String?, text: String?, finishReason: String?,
                               to events: inout [ChatStreamEvent]) {
        if let servedBy, !servedBy.isEmpty { events.append(.servedBy(servedBy)) }
        if let text, !text.isEmpty { events.append(.text(text)) }
        if let finishReason { events.append(.finished(reason: finishReason)) }
    }
}

/// A chunk the fast path read in full, kept as the bytes before its text and the bytes after
/// it. A server writes every chunk of a stream the same way — the same id, model, fingerprint
/// and keys in the same order, only the text differs — so a chunk that starts with the same
/// bytes and ends with the same bytes, with one well-formed string between them, means what
/// the kept chunk meant with that string as its text: the reader is deterministic, the bytes
/// before the string bring it to the same place in the same state, and the bytes after it end
/// the chunk as before. Only that string is read. Anything else (a new `created` second, a
/// finish reason, a per-chunk `obfuscation` value) is read in full, which keeps the new chunk.
struct ChunkTemplate {
    private let prefix: [UInt8]
    private let suffix: [UInt8]
    let servedBy: String?
    let finishReason: String?

    /// `chunk`'s bytes around the string literal at `literal` (its quotes included).
    init(_ chunk: UnsafeBufferPointer<UInt8>, around literal: Range<Int>, servedBy: String?, finishReason: String?) {
        prefix = Array(chunk[..<literal.lowerBound])
        suffix = Array(chunk[literal.upperBound...])
        self.servedBy = servedBy
        self.finishReason = finishReason
    }

    /// The text of `chunk` when it is this template around one string, else nil.
    func text(of chunk: UnsafeBufferPointer<UInt8>) -> String? {
        let end = chunk.count - suffix.count
        guard end - prefix.count >= 2,
              JSONByteReader.sameBytes(UnsafeBufferPointer(rebasing: chunk[..<prefix.count]), prefix),
              JSONByteReader.sameBytes(UnsafeBufferPointer(rebasing: chunk[end...]), suffix)
        else { return nil }
        return JSONByteReader.string(in: chunk, from: prefix.count, endingAt: end)
    }
}

/// What the fast path reads from a chunk.
struct CommonChunk {
    /// The model id as the chunk has it: the bytes when it has no escapes (the usual case, kept
    /// as a range so that an unchanged id costs no `String`), else the decoded text.
    enum Model {
        case absent
        case plain(Range<Int>)
        case decoded(String)
    }
    var model = Model.absent
    var content: String?
    /// Where the content's string literal lies in the chunk, quotes included, when it has one.
    var contentLiteral: Range<Int>?
    var finishReason: String?
}

/// A strict reader of JSON bytes: whatever it accepts, `JSONDecoder` accepts too (it checks the
/// full grammar of the values it skips), and it gives up (nil) rather than guess.
struct JSONByteReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Deeper values are left to the full decoder.
    private static let maximumDepth = 32

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The whole payload as the common chunk shape, or nil.
    mutating func commonChunk() -> CommonChunk? {
        var chunk = CommonChunk()
        var seen = KeySet()
        let complete = object { reader, key in
            // A repeated key is not ours to judge (the keys skipped unread may repeat).
            guard key == .skipped || seen.insert(key) else { return false }
            switch key {
            case .model:
                return reader.model(into: &chunk.model)
            case .choices:
                return reader.onlyChoice(into: &chunk)
            case .usage:
                return reader.literal("null")
            case .skipped:
                return reader.skipValue(depth: 1)
            default:
                return false
            }
        }
        guard complete, seen.contains(.choices) else { return nil }
        skipWhitespace()
        return index == bytes.count ? chunk : nil
    }

    // MARK: The chunk's parts

    /// The keys the fast path knows. Anything else sends the chunk to the full decoder.
    private enum Key: UInt8 {
        case model, choices, usage, skipped
        case delta, finishReason, content, role, refusal
        case unknown
    }

    /// The keys one object has had, as bits: a `Set` here hashed and allocated for every key
    /// of every chunk, a tenth of a fast stream's time.
    private struct KeySet {
        private var bits: UInt16 = 0
        /// Adds `key`; false when it was there already.
        mutating func insert(_ key: Key) -> Bool {
            let bit = UInt16(1) << key.rawValue
            defer { bits |= bit }
            return bits & bit == 0
        }
        func contains(_ key: Key) -> Bool { bits & (UInt16(1) << key.rawValue) != 0 }
    }

    /// The key these bytes name, compared in place (no `String` per key). The length and the
    /// first two bytes pick the one candidate a key can be, and only that one is compared: a
    /// chunk has a dozen keys, and trying a table of names against each was a tenth of a fast
    /// stream's time. Keys Parley never reads are `.skipped`; any other key is `.unknown`,
    /// which sends the chunk to the full decoder.
    private static func key(_ raw: UnsafeBufferPointer<UInt8>.SubSequence) -> Key {
        let raw = UnsafeBufferPointer(rebasing: raw)
        guard raw.count >= 2 else { return .unknown }
        let candidate: (name: StaticString, key: Key)
        switch (raw.count, raw[0], raw[1]) {
        case (2, UInt8(ascii: "i"), _): candidate = ("id", .skipped)
        case (4, UInt8(ascii: "r"), _): candidate = ("role", .role)
        case (5, UInt8(ascii: "m"), _): candidate = ("model", .model)
        case (5, UInt8(ascii: "u"), _): candidate = ("usage", .usage)
        case (5, UInt8(ascii: "d"), _): candidate = ("delta", .delta)
        case (5, UInt8(ascii: "i"), _): candidate = ("index", .skipped)
        case (6, UInt8(ascii: "o"), _): candidate = ("object", .skipped)
        case (7, UInt8(ascii: "c"), UInt8(ascii: "h")): candidate = ("choices", .choices)
        case (7, UInt8(ascii: "c"), UInt8(ascii: "r")): candidate = ("created", .skipped)
        case (7, UInt8(ascii: "c"), UInt8(ascii: "o")): candidate = ("content", .content)
        case (7, UInt8(ascii: "r"), _): candidate = ("refusal", .refusal)
        case (8, UInt8(ascii: "l"), _): candidate = ("logprobs", .skipped)
        case (8, UInt8(ascii: "p"), _): candidate = ("provider", .skipped)
        case (11, UInt8(ascii: "o"), _): candidate = ("obfuscation", .skipped)
        case (12, UInt8(ascii: "s"), _): candidate = ("service_tier", .skipped)
        case (13, UInt8(ascii: "f"), _): candidate = ("finish_reason", .finishReason)
        case (18, UInt8(ascii: "s"), _): candidate = ("system_fingerprint", .skipped)
        case (20, UInt8(ascii: "n"), _): candidate = ("native_finish_reason", .skipped)
        default: return .unknown
        }
        return candidate.name.withUTF8Buffer { name in
            guard name.count == raw.count else { return false }
            for index in 0..<name.count where name[index] != raw[index] { return false }
            return true
        } ? candidate.key : .unknown
    }

    /// `memcmp`: the generic `elementsEqual` was not specialised for this pair of types and
    /// cost a few percent of a fast stream, once per model id of every chunk.
    static func sameBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
        guard bytes.count == other.count else { return false }
        guard let base = bytes.baseAddress, !other.isEmpty else { return true }
        return other.withUnsafeBufferPointer { other in
            guard let otherBase = other.baseAddress else { return false }
            return memcmp(base, otherBase, bytes.count) == 0
        }
    }

    /// `[ {choice} ]`: exactly one choice with a delta.
    private mutating func onlyChoice(into chunk: inout CommonChunk) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        var seen = KeySet()
        let complete = object { reader, key in
            guard key == .skipped || seen.insert(key) else { return false }
            switch key {
            case .delta:
                return reader.delta(into: &chunk)
            case .finishReason:
                return reader.stringOrNull(into: &chunk.finishReason)
            case .skipped:
                return reader.skipValue(depth: 3)
            default:
                return false
            }
        }
        // The full decoder turns `finish_reason: "error"` into a failed attempt and
        // `"content_filter"` into the platform's filter stopping the answer: both are its to read.
        guard complete, seen.contains(.delta), chunk.finishReason != "error",
              chunk.finishReason != "content_filter" else { return false }
        return consume(UInt8(ascii: "]"))
    }

    /// `{"role":"assistant","content":"…","refusal":null}`, any of them absent.
    private mutating func delta(into chunk: inout CommonChunk) -> Bool {
        var seen = KeySet()
        return object { reader, key in
            guard key == .skipped || seen.insert(key) else { return false }
            switch key {
            case .content:
                reader.skipWhitespace()
                let start = reader.index
                guard reader.stringOrNull(into: &chunk.content) else { return false }
                chunk.contentLiteral = chunk.content == nil ? nil : start..<reader.index
                return true
            case .role:
                var role: String?
                return reader.stringOrNull(into: &role)
            case .refusal:
                return reader.literal("null")
            default:
                return false
            }
        }
    }

    // MARK: JSON

    /// `{ "key": value, … }`, calling `member` with the reader at each value.
    private mutating func object(_ member: (inout JSONByteReader, Key) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        while true {
            guard let raw = plainKey(), consume(UInt8(ascii: ":")) else { return false }
            guard member(&self, Self.key(raw)) else { return false }
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "}"))
        }
    }

    /// A key without escapes (keys with escapes go to the full decoder).
    private mutating func plainKey() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        let end = plainRunEnd(from: start)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        index = end + 1
        return bytes[start..<end]
    }

    private mutating func stringOrNull(into value: inout String?) -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "n") {
            value = nil
            return literal("null")
        }
        guard let text = string() else { return false }
        value = text
        return true
    }

    /// The model id: a range of the bytes when it has no escapes, else decoded; null is absent.
    private mutating func model(into value: inout CommonChunk.Model) -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "n") {
            value = .absent
            return literal("null")
        }
        let at = index
        guard skipString() else { return false }
        let plain = (at + 1)..<(index - 1)
        if !bytes[plain].contains(UInt8(ascii: "\\")) {
            value = .plain(plain)
            return true
        }
        index = at
        guard let text = string() else { return false }
        value = .decoded(text)
        return true
    }

    /// The first position from `start` of a byte a string cannot hold as it is: `"`, `\\` or a
    /// control character (below 0x20); `bytes.count` when there is none. Eight bytes are
    /// tested at a time (the usual bit tricks for "has a zero byte" and "has a byte below n"),
    /// so the plain runs that make up ids, model names and text are not read byte by byte.
    private func plainRunEnd(from start: Int) -> Int {
        var position = start
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while position + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                    | ((word &- ones &* 0x20) & ~word)
                if special & highs != 0 { break }
                position += 8
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return position }
            position += 1
        }
        return position
    }

    /// Skips a string value, checking it exactly as `string()` does, without building it: the
    /// ids, fingerprints and object names of every chunk are read only to be skipped.
    private mutating func skipString() -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
        var position = index + 1
        while position < bytes.count {
            position = plainRunEnd(from: position)
            guard position < bytes.count else { return false }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                return true
            }
            if byte < 0x20 { return false }
            position += 1
            guard byte == UInt8(ascii: "\\") else { continue }
            guard position < bytes.count else { return false }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                continue
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: position) else { return false }
                position += 4
                if (0xD800...0xDBFF).contains(unit) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                          bytes[position + 1] == UInt8(ascii: "u"),
                          let low = hex4(at: position + 2), (0xDC00...0xDFFF).contains(low)
                    else { return false }
                    position += 6
                } else if (0xDC00...0xDFFF).contains(unit) {
                    return false  // a lone low surrogate, as `string()` refuses it
                }
            default:
                return false
            }
        }
        return false
    }

    /// The string value that starts at `start` (after any whitespace) and ends exactly at
    /// `end`, decoded; nil when there is none or it ends elsewhere.
    static func string(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, endingAt end: Int) -> String? {
        var reader = JSONByteReader(bytes)
        reader.index = start
        guard let text = reader.string(), reader.index == end else { return nil }
        return text
    }

    /// A string value with its escapes decoded; nil for a malformed one.
    private mutating func string() -> String? {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        var position = index + 1
        let start = position
        // The common case: no escapes, one copy.
        position = plainRunEnd(from: position)
        if position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                return String(decoding: bytes[start..<position], as: UTF8.self)
            }
            if byte < 0x20 { return nil }
        }
        var scalars = String.UnicodeScalarView()
        var text = String(decoding: bytes[start..<position], as: UTF8.self)
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                text.unicodeScalars.append(contentsOf: scalars)
                index = position + 1
                return text
            }
            if byte < 0x20 { return nil }
            if byte != UInt8(ascii: "\\") {
                // Copy a run of plain bytes (whole UTF-8 sequences: they end before `"` or `\`).
                let end = plainRunEnd(from: position)
                scalars.append(contentsOf: String(decoding: bytes[position..<end], as: UTF8.self).unicodeScalars)
                position = end
                continue
            }
            position += 1
            guard position < bytes.count else { return nil }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: position) else { return nil }
                position += 4
                if (0xD800...0xDBFF).contains(unit) {
                    // A high surrogate must be followed by `\u` and a low one; else the full decoder judges.
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                          bytes[position + 1] == UInt8(ascii: "u"),
                          let low = hex4(at: position + 2), (0xDC00...0xDFFF).contains(low),
                          let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    else { return nil }
                    position += 6
                    scalars.append(scalar)
                } else {
                    guard let scalar = Unicode.Scalar(unit) else { return nil }  // a lone low surrogate
                    scalars.append(scalar)
                }
            default:
                return nil
            }
        }
        return nil
    }

    private func hex4(at position: Int) -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[position..<(position + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Skips any value, checking its grammar.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth else { return false }
        skipWhitespace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "{"):
            return object { reader, _ in reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            index += 1
            if consume(UInt8(ascii: "]")) { return true }
            while true {
                guard skipValue(depth: depth + 1) else { return false }
                if consume(UInt8(ascii: ",")) { continue }
                return consume(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func number() -> Bool {
        func isDigit(_ at: Int) -> Bool { at < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) }
        var position = index
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard isDigit(position) else { return false }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while isDigit(position) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard isDigit(position) else { return false }
            while isDigit(position) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard isDigit(position) else { return false }
            while isDigit(position) { position += 1 }
        }
        index = position
        return true
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipWhitespace()
        let at = index
        let matches = word.withUTF8Buffer { expected in
            at + expected.count <= bytes.count && (0..<expected.count).allSatisfy { bytes[at + $0] == expected[$0] }
        }
        guard matches else { return false }
        index += word.withUTF8Buffer(\.count)
        return true
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }
}
