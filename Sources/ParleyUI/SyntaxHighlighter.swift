/// A small hand-written tokenizer for code blocks: one line at a time, with the state a line
/// leaves for the next (inside a block comment or a string that goes on over lines), so a block
/// is highlighted from any line given the state before it, and a half-streamed block (a string
/// or comment not closed yet) simply stays a string or comment to its end.
///
/// It reads bytes: every marker it knows is ASCII, and bytes of other characters count as
/// letters, so no character is ever split between two tokens.
enum SyntaxHighlighter {
    enum TokenKind: Sendable, Hashable {
        case plain, keyword, string, comment, number
    }

    /// Where a line starts: in plain code, in a block comment, or in a string that goes on
    /// over lines (closed by `count` of `delimiter`).
    enum LineState: Sendable, Hashable {
        case code
        case blockComment
        case string(delimiter: UInt8, count: Int)
    }

    /// A run of a line's bytes of one kind.
    struct Token: Hashable {
        var kind: TokenKind
        var start: Int
        var end: Int
    }

    /// Lines longer than this are drawn plain: a megabyte on one line is not code to read.
    static let maxLineBytes = 4_096

    /// The state after `line`, without building its tokens (for the lines above the view).
    static func state(after line: Substring, in language: SyntaxLanguage, from state: LineState) -> LineState {
        withBytes(line) { lex($0, language, state, emit: nil) }
    }

    /// The line's tokens and the state it leaves.
    static func tokens(_ line: Substring, in language: SyntaxLanguage, from state: LineState)
        -> (tokens: [Token], end: LineState)
    {
        var tokens: [Token] = []
        let end = withBytes(line) { bytes in
            lex(bytes, language, state) { kind, start, end in
                guard end > start else { return }
                if let last = tokens.last, last.kind == kind, last.end == start {
                    tokens[tokens.count - 1].end = end
                } else {
                    tokens.append(Token(kind: kind, start: start, end: end))
                }
            }
        }
        return (tokens, end)
    }

    private static func withBytes<T>(_ line: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if let result = line.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(line.utf8).withUnsafeBufferPointer(body)
    }

    // Byte classes.
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isWordStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }
    private static func isWord(_ b: UInt8) -> Bool { isWordStart(b) || isDigit(b) }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ marker: [UInt8], at i: Int) -> Bool {
        guard i + marker.count <= bytes.count else { return false }
        for (k, b) in marker.enumerated() where bytes[i + k] != b { return false }
        return true
    }

    /// The lexer proper; `emit` (when given) receives each run as it is found.
    private static func lex(_ bytes: UnsafeBufferPointer<UInt8>, _ language: SyntaxLanguage, _ start: LineState,
                            emit: ((TokenKind, Int, Int) -> Void)?) -> LineState {
        let rules = language.rules
        let n = bytes.count
        guard n <= maxLineBytes else {
            emit?(.plain, 0, n)
            return start
        }
        var i = 0
        var state = start
        while i < n {
            switch state {
            case .blockComment:
                let from = i
                guard let close = rules.blockComment?.close else { state = .code; continue }
                while i < n, !hasPrefix(bytes, close, at: i) { i += 1 }
                if i < n { i += close.count; state = .code }
                emit?(.comment, from, i)
            case .string(let delimiter, let count):
                let from = i
                var closed = false
                while i < n {
                    let b = bytes[i]
                    if b == 0x5C, rules.backslashEscapes { i += 2; continue }
                    if b == delimiter, count == 1 || (i + 2 < n && bytes[i + 1] == delimiter && bytes[i + 2] == delimiter) {
                        i += count
                        closed = true
                        break
                    }
                    i += 1
                }
                i = min(i, n)
                emit?(.string, from, i)
                if closed {
                    state = .code
                } else if count == 1 && !rules.multiLineQuotes.contains(delimiter) {
                    // An ordinary string ends with its line, closed or not.
                    state = .code
                }
            case .code:
                let b = bytes[i]
                if isSpace(b) {
                    let from = i
                    while i < n, isSpace(bytes[i]) { i += 1 }
                    emit?(.plain, from, i)
                    continue
                }
                if let _ = rules.lineComments.first(where: { hasPrefix(bytes, $0, at: i) }),
                   !(b == 0x23 && rules.hashNeedsSpaceBefore && i > 0 && !isSpace(bytes[i - 1])) {
                    emit?(.comment, i, n)
                    return .code
                }
                if let open = rules.blockComment?.open, hasPrefix(bytes, open, at: i) {
                    emit?(.comment, i, i + open.count)
                    i += open.count
                    state = .blockComment
                    continue
                }
                if rules.quotes.contains(b) || rules.multiLineQuotes.contains(b) {
                    let triple = rules.tripleQuotes && rules.quotes.contains(b) && i + 2 < n
                        && bytes[i + 1] == b && bytes[i + 2] == b
                    let width = triple ? 3 : 1
                    emit?(.string, i, i + width)
                    i += width
                    state = .string(delimiter: b, count: width)
                    continue
                }
                if isDigit(b) {
                    let from = i
                    while i < n, isWord(bytes[i]) || (bytes[i] == 0x2E && i + 1 < n && isDigit(bytes[i + 1])) { i += 1 }
                    emit?(.number, from, i)
                    continue
                }
                if isWordStart(b) {
                    let from = i
                    while i < n, isWord(bytes[i]) || (rules.keysBeforeColon && bytes[i] == 0x2D) { i += 1 }
                    emit?(isKeyword(bytes, from, i, language) ? .keyword : .plain, from, i)
                    continue
                }
                emit?(.plain, i, i + 1)
                i += 1
            }
        }
        // A block comment or a string that goes on over lines stays open for the next line.
        if case .string(let delimiter, let count) = state, count == 1, !rules.multiLineQuotes.contains(delimiter) {
            return .code
        }
        return state
    }

    private static func isKeyword(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int,
                                  _ language: SyntaxLanguage) -> Bool {
        let length = to - from
        guard length <= 20 else { return false }
        if language.rules.keysBeforeColon {
            // YAML: `key:` then a space or the line's end.
            var j = to
            while j < bytes.count, isSpace(bytes[j]) { j += 1 }
            if j < bytes.count, bytes[j] == 0x3A, j + 1 == bytes.count || isSpace(bytes[j + 1]) { return true }
        }
        var word = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
        if language.rules.caseInsensitiveKeywords { word = word.lowercased() }
        return language.keywords.contains(word)
    }
}
