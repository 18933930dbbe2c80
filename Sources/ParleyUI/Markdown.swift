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
    /// is what costs.
    public static func render(_ source: String, width: Int, theme: Theme, limit: RowLimit = .all) -> [StyledLine] {
        let width = max(1, width)
        if limit.isMet(by: 0) { return [] }
        let lines = sourceLines(source)
        switch limit {
        case .all:
            return lines.flatMap { draw($0, width: width, theme: theme) }
        case .first(let wanted):
            var out: [StyledLine] = []
            for line in lines {
                if out.count >= wanted { break }
                out += draw(line, width: width, theme: theme)
            }
            return out
        case .last(let wanted):
            var blocks: [[StyledLine]] = []
            var rows = 0
            for line in lines.reversed() {
                if rows >= wanted { break }
                let block = draw(line, width: width, theme: theme)
                rows += block.count
                blocks.append(block)
            }
            return Array(blocks.reversed().joined())
        }
    }

    /// The fenced code blocks of `source`, in order, without their fences: what `/copy N` copies.
    /// A block still open at the end (an answer cut off) counts too.
    public static func codeBlocks(in source: String) -> [String] {
        var blocks: [[Substring]] = []
        var open = false
        for line in sourceLines(source) {
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
    struct SourceLine {
        enum Kind: Equatable {
            case text
            case code
            /// ```` ```swift ````: the block's number (from 1, for `/copy N`) and language are shown
            /// above it; the marker line itself is not.
            case fenceOpen(language: String, number: Int)
            case fenceClose
        }
        var text: Substring
        var kind: Kind
    }

    /// The source split into lines (at `\n`, a `\r` before it dropped) and classified. Only the
    /// fence markers need the lines before them, and finding those looks at the first bytes of
    /// each line, so this pass stays cheap however long the answer grows.
    static func sourceLines(_ source: String) -> [SourceLine] {
        let utf8 = source.utf8
        let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let backtick = UInt8(ascii: "`"), tilde = UInt8(ascii: "~")
        var out: [SourceLine] = []
        var fence: UInt8?   // the byte of the marker that opened the current code block
        var blocks = 0
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: newline) ?? utf8.endIndex
            var textEnd = end
            if textEnd > start, utf8[utf8.index(before: textEnd)] == cr { textEnd = utf8.index(before: textEnd) }
            let text = source[start..<textEnd]
            let trimmed = utf8[start..<textEnd].drop { $0 == space }
            let marker = trimmed.first
            // A fence: three of the same marker byte at the start of the (space-trimmed) line.
            let isFence = marker.map {
                ($0 == backtick || $0 == tilde) && trimmed.prefix(3).elementsEqual(repeatElement($0, count: 3))
            } ?? false
            if let open = fence {
                if isFence, marker == open, trimmed.drop(while: { $0 == open }).allSatisfy({ $0 == space }) {
                    fence = nil
                    out.append(SourceLine(text: text, kind: .fenceClose))
                } else {
                    out.append(SourceLine(text: text, kind: .code))
                }
            } else if isFence, let marker {
                fence = marker
                blocks += 1
                let language = Substring(trimmed.drop(while: { $0 == marker })).trimmingSpaces()
                out.append(SourceLine(text: text, kind: .fenceOpen(language: language, number: blocks)))
            } else {
                out.append(SourceLine(text: text, kind: .text))
            }
            guard end < utf8.endIndex else { break }
            start = utf8.index(after: end)
        }
        return out
    }

    /// The rows of one source line, which depend on nothing but the line and its kind.
    static func draw(_ line: SourceLine, width: Int, theme: Theme) -> [StyledLine] {
        switch line.kind {
        case .text:
            return block(String(line.text), width: width, theme: theme)
        case .code:
            return codeLine(String(line.text), width: width, theme: theme)
        case .fenceClose:
            return []
        case .fenceOpen(let language, let number):
            // The number is what `/copy N` takes; the language is the model's (made visible).
            let label = "[\(number)]" + (language.isEmpty ? "" : " " + VisibleText.make(language))
            return [Wrap.truncate(StyledLine(String(repeating: " ", count: codeIndent) + label, theme[.dim]),
                                  width: width)]
        }
    }

    /// A code line: indented, on the code background across the pane, broken (not reflowed)
    /// where it is wider than the pane.
    static func codeLine(_ line: String, width: Int, theme: Theme) -> [StyledLine] {
        let style = theme[.codeBlock]
        let indent = String(repeating: " ", count: min(codeIndent, max(0, width - 1)))
        return Wrap.hardBreak(StyledLine(line, style), width: max(1, width - indent.count)).map {
            StyledLine([Span(indent, style)] + $0.spans, fill: style)
        }
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
        // Rule.
        let compact = trimmed.filter { $0 != " " }
        if compact.count >= 3, let first = compact.first, "-*_".contains(first), compact.allSatisfy({ $0 == first }) {
            return [StyledLine(String(repeating: "─", count: width), theme[.dim])]
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

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
