import NIOCore

/// Models that attack the client the way a broken or malicious server would: memory (endless
/// lines, events without end, a gzip bomb), the terminal (escapes in the ids and texts a server
/// reports), origins (redirects) and wrong endpoints (an HTML page with status 200).
/// docs/simulator.md, "Hostile models", describes each; the client must fail each one clearly.
enum HostileModels {
    enum Kind: Sendable {
        /// 200 `text/event-stream`, then `data: xxxx…` without ever a line end (`mb`, default 200).
        case endlessLine
        /// 200, then `data:` lines of 64 KiB with no blank line to end the event (`mb`, default 1024).
        case endlessData
        /// 200 with `Content-Encoding: gzip`: a few MB that inflate to `mb` MiB of zeros (default 2048).
        case gzipBomb
        /// A legitimate answer of `mb` MiB (default 20) in content chunks of 16 KiB.
        case bigAnswer
        /// A 400 whose message carries OSC 0, OSC 52, a C1 CSI and bidi controls.
        case escapedError
        /// A 502 with an HTML body of `mb` MiB (default 8).
        case hugeError
        /// 307 to the same path on another port: the client must not follow.
        case redirectAway
        /// 301 to the same path with `?redirected=1` on the same origin: the client may follow,
        /// re-sending the same POST, and then gets a normal answer.
        case redirectSame
        /// 200 `text/html`: a login page, as a wrong base_url or a captive portal gives.
        case htmlPage
    }

    /// The strings a hostile server slips in: a title change, a clipboard write, a C1 CSI, a
    /// right-to-left override, a zero-width space and a bell.
    static let escapes = "\u{1B}]0;pwned\u{07}\u{1B}]52;c;ZWNobyBoYWNrZWQ=\u{07}\u{9B}31m\u{202E}evil\u{200B}\u{07}"

    /// The id the `escape-id` model reports it served.
    static let escapedID = "sim/escape" + escapes + "-id"

    static let models: [SimModel] = [
        SimModel("endless-line", "Hostile: one SSE line that never ends (endless-line@mb=N, default 200 MB).",
                 script: ModelScript(behaviour: .hostile(.endlessLine))),
        SimModel("endless-data", "Hostile: data: lines with no blank line, one endless event (endless-data@mb=N, default 1 GB).",
                 script: ModelScript(behaviour: .hostile(.endlessData))),
        SimModel("gzip-bomb", "Hostile: a gzip-encoded stream inflating to gzip-bomb@mb=N MiB of zeros (default 2048).",
                 script: ModelScript(behaviour: .hostile(.gzipBomb))),
        SimModel("big-answer", "A legitimate answer of big-answer@mb=N MiB (default 20) in 16 KiB chunks.",
                 script: ModelScript(behaviour: .hostile(.bigAnswer), tokensPerSecond: 0, firstTokenDelay: 0)),
        SimModel("escape-id", "Hostile: answers, but reports a served model id full of terminal escapes.",
                 script: ModelScript(reportedModel: escapedID)),
        SimModel("escape-error", "Hostile: 400 with OSC/C1/bidi escapes in the error message.",
                 script: ModelScript(behaviour: .hostile(.escapedError))),
        SimModel("huge-error", "Hostile: 502 with an HTML error body of huge-error@mb=N MiB (default 8).",
                 script: ModelScript(behaviour: .hostile(.hugeError))),
        SimModel("redirect-away", "Hostile: 307 redirect to another port (the client must not follow).",
                 script: ModelScript(behaviour: .hostile(.redirectAway))),
        SimModel("redirect-same", "301 redirect to the same origin, then a normal answer.",
                 script: ModelScript(behaviour: .hostile(.redirectSame))),
        SimModel("html", "Hostile: 200 with an HTML login page instead of an event stream.",
                 script: ModelScript(behaviour: .hostile(.htmlPage))),
    ]

    /// `/models` entries a server under `/hostile/` adds: escapes in the id and the name.
    static func catalogueEntries() -> [WireJSON] {
        [.object([("id", .string("sim/listed" + escapes)), ("object", "model"), ("owned_by", "parley-sim"),
                  ("name", .string("Listed " + escapes + " model")), ("context_length", 8192)])]
    }

    // MARK: - Plans

    /// The response of a hostile model; nil when the model answers normally (`redirectSame`
    /// after the redirect).
    static func plan(_ kind: Kind, script: ModelScript, target: RequestTarget) -> ResponsePlan? {
        let mebibytes = { (fallback: Double) in max(0, script.megabytes ?? fallback) }
        switch kind {
        case .endlessLine:
            return stream(prefix: "data: ", repeating: String(repeating: "x", count: 64 << 10),
                          megabytes: mebibytes(200))
        case .endlessData:
            return stream(prefix: "", repeating: "data: " + String(repeating: "y", count: (64 << 10) - 7) + "\n",
                          megabytes: mebibytes(1024))
        case .gzipBomb:
            return gzipBomb(megabytes: mebibytes(2048))
        case .bigAnswer:
            return nil  // ResponsePlanner writes it: it is a normal answer, only long
        case .escapedError:
            return ErrorResponse.plan(status: 400, message: "Bad request " + escapes + " from a hostile server.")
        case .hugeError:
            let page = "<html><body>" + String(repeating: "<p>Bad gateway</p>", count: 3641) + "</body></html>\n"
            var plan = ResponsePlan()
            plan.steps = [.head(status: 502, headers: [("content-type", "text/html")]),
                          .repeated(ByteBuffer(string: page), times: Int(mebibytes(8) * 16)), .end(completed: false)]
            return plan
        case .redirectAway:
            let (host, port) = target.hostAndPort
            return redirect(status: 307, to: "http://\(host):\(port &+ 1)\(target.path)")
        case .redirectSame:
            if target.uri.contains("redirected=1") { return nil }
            return redirect(status: 301, to: target.path + "?redirected=1")
        case .htmlPage:
            let page = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form>…</form></body></html>\n"
            return ResponsePlan(steps: ResponsePlan.whole(status: 200, contentType: "text/html; charset=utf-8", body: page))
        }
    }

    /// The `big-answer` text: numbered lines of prose in chunks of 16 KiB.
    static func bigAnswer(megabytes: Double) -> [String] {
        let line = "The quick brown fox jumps over the lazy dog; a long answer is not an attack.\n"
        let chunk = String(repeating: line, count: (16 << 10) / line.utf8.count)
        let count = Int((max(0, megabytes) * Double(1 << 20) / Double(chunk.utf8.count)).rounded(.up))
        return [String](repeating: chunk, count: count)
    }

    private static func redirect(status: Int, to location: String) -> ResponsePlan {
        ResponsePlan(steps: ResponsePlan.whole(status: status, headers: [("location", location)],
                                               contentType: "text/plain", body: "Moved to \(location)\n"))
    }

    /// An event stream whose body is `prefix` then `unit` repeated until `megabytes` are sent.
    private static func stream(prefix: String, repeating unit: String, megabytes: Double) -> ResponsePlan {
        let times = Int((megabytes * Double(1 << 20) / Double(unit.utf8.count)).rounded(.up))
        var plan = ResponsePlan()
        plan.steps = [.head(status: 200, headers: [("content-type", "text/event-stream")]),
                      .write(prefix, contentTokens: 0), .repeated(ByteBuffer(string: unit), times: times),
                      .end(completed: false)]
        return plan
    }

    private static func gzipBomb(megabytes: Double) -> ResponsePlan {
        let bomb = GzipBomb(inflatedBytes: Int(megabytes * Double(1 << 20)))
        var plan = ResponsePlan()
        plan.steps = [.head(status: 200, headers: [("content-type", "text/event-stream"), ("content-encoding", "gzip")]),
                      .repeated(ByteBuffer(bytes: bomb.prefix), times: 1),
                      .repeated(ByteBuffer(bytes: bomb.period), times: bomb.periods),
                      .repeated(ByteBuffer(bytes: bomb.suffix), times: 1), .end(completed: false)]
        return plan
    }
}

/// Where a request was sent, for the models that answer with a redirect.
struct RequestTarget: Sendable {
    /// The request line's target, e.g. `/v1/chat/completions?x=1`.
    var uri = "/v1/chat/completions"
    /// The `Host` header.
    var host: String?

    var path: String { String(uri.prefix { $0 != "?" }) }

    var hostAndPort: (String, Int) {
        let text = host ?? "127.0.0.1:80"
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            return (text, 80)
        }
        return (String(text[..<colon]), port)
    }
}

/// A gzip member of zeros, built once without zlib: one fixed-Huffman deflate block of a literal
/// zero followed by back-references (length 258, distance 1). Each reference is 13 bits, so eight
/// of them are exactly 13 bytes and repeat byte for byte: the body is a short prefix, one 13-byte
/// period sent `periods` times, and a suffix ending the block (the CRC is left zero: no client
/// should get that far). About 160-fold inflation, enough to be a bomb for any ratio cap below it.
struct GzipBomb {
    let prefix: [UInt8]
    let period: [UInt8]
    let periods: Int
    let suffix: [UInt8]

    init(inflatedBytes: Int) {
        let perPeriod = 8 * 258
        periods = max(0, inflatedBytes / perPeriod - 1)
        var bits = BitWriter()
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE 01: fixed Huffman
        bits.writeCode(0x30, length: 8)  // literal 0
        for _ in 0..<8 { bits.writeReference() }
        prefix = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF] + bits.takeWholeBytes()
        for _ in 0..<8 { bits.writeReference() }
        period = bits.takeWholeBytes()
        bits.writeCode(0, length: 7)  // end of block
        suffix = bits.takeAll() + [UInt8](repeating: 0, count: 8)  // CRC32 and ISIZE, unchecked
    }

    private struct BitWriter {
        private var bytes: [UInt8] = []
        private var current: UInt32 = 0
        private var used = 0

        /// Header fields go least significant bit first.
        mutating func write(_ value: UInt32, count: Int) {
            for index in 0..<count { push((value >> UInt32(index)) & 1) }
        }

        /// Huffman codes go most significant bit first.
        mutating func writeCode(_ code: UInt32, length: Int) {
            for index in stride(from: length - 1, through: 0, by: -1) { push((code >> UInt32(index)) & 1) }
        }

        /// Length 258 (code 285, 8 bits `11000101`) at distance 1 (distance code 0, 5 bits).
        mutating func writeReference() {
            writeCode(0xC5, length: 8)
            writeCode(0, length: 5)
        }

        private mutating func push(_ bit: UInt32) {
            current |= bit << UInt32(used)
            used += 1
            if used == 8 {
                bytes.append(UInt8(current))
                current = 0
                used = 0
            }
        }

        mutating func takeWholeBytes() -> [UInt8] {
            defer { bytes.removeAll() }
            return bytes
        }

        mutating func takeAll() -> [UInt8] {
            if used > 0 { bytes.append(UInt8(current)) }
            current = 0
            used = 0
            return takeWholeBytes()
        }
    }
}
