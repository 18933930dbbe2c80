/// The markdown models write, drawn for a terminal: headings, **bold**, *italic*, `inline code`,
/// fenced code blocks (set apart on their own background and never reflowed), lists, quotes and
/// rules. Parsing is line by line, so text still streaming in (an unclosed fence or `**`) draws
/// sensibly at every step.
public enum Markdown {
    /// Columns code blocks are indented by.
    static let codeIndent = 2

    public static func render(_ source: String, width: Int, theme: Theme) -> [StyledLine] {
        let width = max(1, width)
        var out: [StyledLine] = []
        var fence: String? = nil   // the marker that opened the current code block
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if let marker = fence {
                if trimmed.hasPrefix(marker) && trimmed.drop(while: { $0 == marker.first }).allSatisfy({ $0 == " " }) {
                    fence = nil
                    continue
                }
                out += codeLine(String(line), width: width, theme: theme)
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let marker = String(trimmed.prefix(3))
                fence = marker
                let language = trimmed.drop { $0 == marker.first }.trimmingSpaces()
                if !language.isEmpty {
                    out.append(Wrap.truncate(StyledLine(String(repeating: " ", count: codeIndent) + language, theme[.dim]),
                                             width: width))
                }
                continue
            }
            out += block(String(line), width: width, theme: theme)
        }
        return out
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
