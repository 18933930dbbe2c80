import Glibc

/// Reads the body of a bracketed paste straight from the terminal's file descriptor, in large
/// reads, instead of one `get_wch` per byte.
///
/// ncurses reads its input one byte per read(2); on a megabyte paste that is a million system
/// calls (about five seconds here, against a tenth of a second for the terminal to deliver
/// it). When `get_wch` has just returned the paste-begin code, ncurses has consumed exactly
/// that sequence and holds nothing more, so the rest can be read directly up to the end marker
/// `ESC [ 2 0 1 ~`. Bytes that arrived after the marker are handed back for `ungetch`.
///
/// If the end marker does not arrive within `timeout` of the last byte (a terminal that lost
/// it), the paste ends with what was read.
struct PasteReader {
    static let beginMarker: [UInt8] = Array("\u{1b}[200~".utf8)
    static let endMarker: [UInt8] = Array("\u{1b}[201~".utf8)

    var fd: Int32 = 0
    var timeout: Duration = .seconds(2)

    struct Result: Equatable {
        /// The pasted bytes, without the end marker.
        var body: [UInt8]
        /// Bytes read past the end marker, to give back to ncurses.
        var rest: [UInt8]
        var sawEndMarker: Bool
    }

    /// Reads up to the end marker; `data` holds bytes already read past an earlier paste.
    func read(startingWith data: [UInt8] = []) -> Result {
        var data = data
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var searchFrom = 0
        while true {
            if let end = Self.find(Self.endMarker, in: data, from: searchFrom) {
                let rest = Array(data[(end + Self.endMarker.count)...])
                data.removeSubrange(end...)
                return Result(body: data, rest: rest, sawEndMarker: true)
            }
            // The marker may straddle two reads: search again from just before the end.
            searchFrom = max(0, data.count - Self.endMarker.count + 1)
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, PollWaiter.milliseconds(timeout))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return Result(body: data, rest: [], sawEndMarker: false) }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count > 0 else { return Result(body: data, rest: [], sawEndMarker: false) }
            data.append(contentsOf: chunk[0..<count])
        }
    }

    /// Index of the first occurrence of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
