/// The markdown models write, drawn for a terminal: headings, **bold**, *italic*, `inline code`,
/// fenced code blocks (set apart on their own background and never reflowed), lists, quotes and
/// rules. Parsing is line by line, so text still streaming in (an unclosed fence or `**`) draws
/// sensibly at every step.
public enum Markdown {
    /// Columns code blocks are indented by.
    static let codeIndent = 2

    /// The source drawn at `width`, or only the rows `limit` asks for: whole source lines from
    /// the start (or back from the end) until there are at least that many rows, or all there
    /// are. A pane following a long streaming answer needs only its last screenful, and wrapping
    /// is what costs. A `settled` source will not grow (a finished answer): a long one's lines
    /// are kept for the next call (`SourceLinesMemo`).
    public static func render(_ source: String, width: Int, theme: Theme, limit: RowLimit = .all,
                              settled: Bool = false) -> [StyledLine] {
        let width = max(1, width)
        if limit.isMet(by: 0) { return [] }
        let lines = settled ? SourceLinesMemo.lines(source, highlighting: true) : sourceLines(source)
        let context = TextRowsMemo.Context(width: width, theme: theme)
        // The tokenizer's state is carried from line to line of a code block, and only over
        // the lines drawn (and, for a view from the end, the lines of its first block above).
        var state = SyntaxHighlighter.LineState.code
        switch limit {
        case .all:
            return lines.flatMap { draw($0, in: context, state: &state) }
        case .first(let wanted):
            var out: [StyledLine] = []
            for line in lines {
                if out.count >= wanted { break }
                out += draw(line, in: context, state: &state)
            }
            return out
        case .last(let wanted):
            // Back from the end until the rows are there (highlighting never changes how many
            // rows a line takes), then the highlighted code lines drawn again in colour.
            var blocks: [[StyledLine]] = []
            var rows = 0
            var first = lines.endIndex
            while first > lines.startIndex, rows < wanted {
                first -= 1
                var unused = SyntaxHighlighter.LineState.code
                let block = draw(lines[first], in: context, state: &unused, highlighting: false)
                rows += block.count
                blocks.append(block)
            }
            blocks.reverse()
            guard lines[first...].contains(where: { $0.syntax != nil }) else { return Array(blocks.joined()) }
            state = stateBefore(first, in: lines)
            for (offset, line) in lines[first...].enumerated() {
                if case .fenceOpen = line.kind {
                    state = .code
                } else if line.syntax != nil {
                    blocks[offset] = draw(line, in: context, state: &state)
                }
            }
            return Array(blocks.joined())
        }
    }

    /// The tokenizer's state at the start of line `index`: the lines of its code block above
    /// it, read without building tokens.
    static func stateBefore(_ index: Int, in lines: [SourceLine]) -> SyntaxHighlighter.LineState {
        guard let language = lines[index].syntax?.language else { return .code }
        var start = index
        while start > 0, lines[start - 1].kind == .code { start -= 1 }
        var state = SyntaxHighlighter.LineState.code
        for line in lines[start..<index] { state = SyntaxHighlighter.state(after: line.text, in: language, from: state) }
        return state
    }

    /// The fenced code blocks of `source`, in order, without their fences: what `/copy N` copies.
    /// A block still open at the end (an answer cut off) counts too.
    public static func codeBlocks(in source: String) -> [String] {
        var blocks: [[Substring]] = []
        var open = false
        for line in sourceLines(source, highlighting: false) {
            switch line.kind {
            case .fenceOpen:
                blocks.append([])
                open = true
            case .fenceClose: open = false
            case .code where open: blocks[blocks.count - 1].append(line.text)
            case .code, .text: break
            }
        }
        return blocks.map { $0.joined(separator: "\n") }
    }

    /// One line of the source and what the fences around it make it.
    struct SourceLine: Sendable {
        enum Kind: Sendable, Equatable {
            case text
            case code
            /// ```` ```swift ````: the block's number (from 1, for `/copy N`) and language are shown
            /// above it; the marker line itself is not.
            case fenceOpen(language: String, number: Int)
            case fenceClose
        }
        var text: Substring
        var kind: Kind
        /// For a code line of a block in a language Parley highlights: the language (the
        /// tokenizer's state is carried while drawing, see `render`).
        var syntax: CodeSyntax? = nil
    }

    struct CodeSyntax: Sendable {
        var language: SyntaxLanguage
    }

    /// The source split into lines (at `\n`, a `\r` before it dropped) and classified. Only the
    /// fence markers need the lines before them, and finding those looks at the first bytes of
    /// each line, so this pass stays cheap however long the answer grows: it reads the bytes
    /// once and builds nothing but a `Substring` per line (and the info string of each fence).
    /// With `highlighting`, each code line of a block in a known language carries the language.
    static func sourceLines(_ source: String, highlighting: Bool = true) -> [SourceLine] {
        var contiguous = source   // `withUTF8` needs a var; a native string is not copied
        return contiguous.withUTF8 { scan(source, $0, highlighting: highlighting) }
    }

    private static func scan(_ source: String, _ bytes: UnsafeBufferPointer<UInt8>, highlighting: Bool) -> [SourceLine] {
        let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let backtick = UInt8(ascii: "`"), tilde = UInt8(ascii: "~")
        let utf8 = source.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var out: [SourceLine] = []
        var fence: UInt8?   // the byte of the marker that opened the current code block
        var blocks = 0
        var language: SyntaxLanguage?   // of the current code block, when highlighted
        var start = 0
        while true {
            let end = bytes[start...].firstIndex(of: newline) ?? bytes.count
            var textEnd = end
            if textEnd > start, bytes[textEnd - 1] == cr { textEnd -= 1 }
            let text = source[index(start)..<index(textEnd)]
            var first = start
            while first < textEnd, bytes[first] == space { first += 1 }
            let marker: UInt8? = first < textEnd ? bytes[first] : nil
            // A fence: three of the same marker byte at the start of the (space-trimmed) line.
            var afterMarkers = first
            if let marker, marker == backtick || marker == tilde {
                while afterMarkers < textEnd, bytes[afterMarkers] == marker { afterMarkers += 1 }
            }
            let isFence = afterMarkers - first >= 3
            if let open = fence {
                if isFence, marker == open, bytes[afterMarkers..<textEnd].allSatisfy({ $0 == space }) {
                    fence = nil
                    language = nil
                    out.append(SourceLine(text: text, kind: .fenceClose))
                } else if let known = language {
                    out.append(SourceLine(text: text, kind: .code, syntax: CodeSyntax(language: known)))
                } else {
                    out.append(SourceLine(text: text, kind: .code))
                }
            } else if isFence, let marker {
                fence = marker
                blocks += 1
                var infoStart = afterMarkers, infoEnd = textEnd
                while infoStart < infoEnd, bytes[infoStart] == space { infoStart += 1 }
                while infoEnd > infoStart, bytes[infoEnd - 1] == space { infoEnd -= 1 }
                let info = String(source[index(infoStart)..<index(infoEnd)])
                language = highlighting ? SyntaxLanguage.named(info) : nil
                out.append(SourceLine(text: text, kind: .fenceOpen(language: info, number: blocks)))
            } else {
                out.append(SourceLine(text: text, kind: .text))
            }
            guard end < bytes.count else { break }
            start = end + 1
        }
        return out
    }

    /// The rows of one source line; a highlighted code line starts in `state` and leaves the
    /// state for the next one there. Without `highlighting`, code lines are drawn plain (their
    /// row count is the same).
    static func draw(_ line: SourceLine, in context: TextRowsMemo.Context, state: inout SyntaxHighlighter.LineState,
                     highlighting: Bool = true) -> [StyledLine] {
        let (width, theme) = (context.width, context.theme)
        switch line.kind {
        case .text:
            return TextRowsMemo.rows(line.text, in: context)
        case .code:
            guard highlighting, let syntax = line.syntax else { return codeLine(String(line.text), width: width, theme: theme) }
            let (tokens, end) = SyntaxHighlighter.tokens(line.text, in: syntax.language, from: state)
            state = end
            return codeLine(styled(line.text, tokens, theme: theme), width: width, theme: theme)
        case .fenceClose:
            return []
        case .fenceOpen(let language, let number):
            state = .code
            // The number is what `/copy N` takes; the language is the model's (made visible).
            let label = "[\(number)]" + (language.isEmpty ? "" : " " + VisibleText.make(language))
            return [Wrap.truncate(StyledLine(String(repeating: " ", count: codeIndent) + label, theme[.dim]),
                                  width: width)]
        }
    }

    /// A code line: indented, on the code background across the pane, broken (not reflowed)
    /// where it is wider than the pane.
    static func codeLine(_ line: String, width: Int, theme: Theme) -> [StyledLine] {
        codeLine(StyledLine(line, theme[.codeBlock]), width: width, theme: theme)
    }

    static func codeLine(_ line: StyledLine, width: Int, theme: Theme) -> [StyledLine] {
        let style = theme[.codeBlock]
        let indent = String(repeating: " ", count: min(codeIndent, max(0, width - 1)))
        return Wrap.hardBreak(line, width: max(1, width - indent.count)).map {
            StyledLine([Span(indent, style)] + $0.spans, fill: style)
        }
    }

    /// A code line's tokens in the theme's code styles.
    static func styled(_ text: Substring, _ tokens: [SyntaxHighlighter.Token], theme: Theme) -> StyledLine {
        let base = theme[.codeBlock]
        var line = StyledLine()
        let utf8 = text.utf8
        for token in tokens {
            let from = utf8.index(utf8.startIndex, offsetBy: token.start)
            let to = utf8.index(from, offsetBy: token.end - token.start)
            line.append(String(decoding: utf8[from..<to], as: UTF8.self), codeStyle(token.kind, base: base, theme: theme))
        }
        return line
    }

    /// A token's style: the role's colours and attributes over the code block's (whose
    /// background stays unless the role sets one).
    static func codeStyle(_ kind: SyntaxHighlighter.TokenKind, base: Style, theme: Theme) -> Style {
        let role: Theme.Role
        switch kind {
        case .plain: return base
        case .keyword: role = .codeKeyword
        case .string: role = .codeString
        case .comment: role = .codeComment
        case .number: role = .codeNumber
        }
        let over = theme[role]
        var style = base
        if over.foreground != .default { style.foreground = over.foreground }
        if over.background != .default { style.background = over.background }
        style.bold = style.bold || over.bold
        style.italic = style.italic || over.italic
        style.underline = style.underline || over.underline
        style.dim = style.dim || over.dim
        style.reverse = style.reverse || over.reverse
        return style
    }

    /// One line outside code blocks.
    static func block(_ line: String, width: Int, theme: Theme) -> [StyledLine] {
        let trimmed = line.drop { $0 == " " }
        let indent = line.count - trimmed.count
        if trimmed.isEmpty { return [StyledLine()] }

        // Heading: `#` to `######` then a space.
        let hashes = trimmed.prefix { $0 == "#" }.count
        if (1...6).contains(hashes), trimmed.dropFirst(hashes).first == " " {
            let text = String(trimmed.dropFirst(hashes + 1))
            return Wrap.lines(inline(text, base: theme[.heading], theme: theme), width: width)
        }
        // Rule: three or more of one of `-*_`, spaces allowed between (found without copying
        // the line: most lines fail at their first character).
        if let marker = trimmed.first, "-*_".contains(marker) {
            var count = 0
            if trimmed.allSatisfy({ character in
                if character == marker { count += 1 }
                return character == marker || character == " "
            }), count >= 3 {
                return [StyledLine(String(repeating: "─", count: width), theme[.dim])]
            }
        }
        // Quote.
        if trimmed.hasPrefix(">") {
            let text = String(trimmed.dropFirst().drop { $0 == " " })
            let bar = [Span("│ ", theme[.quote])]
            return Wrap.lines(inline(text, base: theme[.quote], theme: theme), width: width, firstPrefix: bar, restPrefix: bar)
        }
        // List item: `-`, `*`, `+` or `1.` / `1)` then a space.
        if let (marker, rest) = listItem(trimmed) {
            let pad = String(repeating: " ", count: min(indent, width / 2))
            let first = [Span(pad, theme[.text]), Span(marker, theme[.bullet])]
            let hang = [Span(pad + String(repeating: " ", count: marker.displayWidth), theme[.text])]
            return Wrap.lines(inline(rest, base: theme[.text], theme: theme), width: width, firstPrefix: first, restPrefix: hang)
        }
        return Wrap.lines(inline(line, base: theme[.text], theme: theme), width: width)
    }

    static func listItem(_ text: Substring) -> (marker: String, rest: String)? {
        if let first = text.first, "-*+".contains(first), text.dropFirst().first == " " {
            return ("• ", String(text.dropFirst(2)))
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3 {
            let after = text.dropFirst(digits.count)
            if let p = after.first, p == "." || p == ")", after.dropFirst().first == " " {
                return (digits + ". ", String(after.dropFirst(2)))
            }
        }
        return nil
    }

    /// Inline markup: `code`, **bold**, *italic* (and _italic_ at word boundaries). Unclosed
    /// markers style the rest of the line, which is what a half-streamed line should look like.
    static func inline(_ text: String, base: Style, theme: Theme) -> [Span] {
        var spans: [Span] = []
        var current = ""
        var bold = false, italic = false
        let chars = Array(text)
        func style() -> Style {
            var s = base
            if bold { s.bold = true }
            if italic { s.italic = true }
            return s
        }
        func flush() {
            if !current.isEmpty { spans.append(Span(current, style())) }
            current = ""
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "`" {
                if let close = chars[(i + 1)...].firstIndex(of: "`") {
                    flush()
                    spans.append(Span(String(chars[(i + 1)..<close]), theme[.inlineCode]))
                    i = close + 1
                    continue
                }
            } else if c == "*" || c == "_" {
                let double = i + 1 < chars.count && chars[i + 1] == c
                let before: Character = i > 0 ? chars[i - 1] : " "
                let afterIndex = i + (double ? 2 : 1)
                let after: Character = afterIndex < chars.count ? chars[afterIndex] : " "
                let opens = after != " " && (c == "*" || !before.isLetter && !before.isNumber)
                let closes = before != " " && (c == "*" || !after.isLetter && !after.isNumber)
                if double && (bold ? closes : opens) {
                    flush(); bold.toggle(); i += 2; continue
                }
                if !double && (italic ? closes : opens) && (c == "*" || italic || chars[(i + 1)...].contains("_")) {
                    flush(); italic.toggle(); i += 1; continue
                }
            }
            current.append(c)
            i += 1
        }
        flush()
        return spans
    }
}
