/// Word wrapping by display width (CJK and emoji count two columns).
///
/// Lines break at spaces; a word wider than the line is split by characters, and CJK text, which
/// has no spaces, breaks between any two characters. Control characters are made visible before
/// measuring so the measured width is the drawn width.
public enum Wrap {
    /// Wraps one paragraph (no newlines) into lines of at most `width` columns. `firstPrefix`
    /// starts the first line and `restPrefix` every following one (list bullets, quote bars).
    public static func lines(_ spans: [Span], width: Int, firstPrefix: [Span] = [], restPrefix: [Span] = [],
                             fill: Style? = nil) -> [StyledLine] {
        let width = max(1, width)
        var result: [StyledLine] = []
        var line = StyledLine(firstPrefix, fill: fill)
        var used = line.displayWidth
        var lineHasText = false
        var pendingSpace: [(Character, Style)] = []

        func newLine() {
            result.append(line)
            line = StyledLine(restPrefix, fill: fill)
            used = line.displayWidth
            lineHasText = false
        }

        func appendWord(_ word: [(Character, Style)], wordWidth: Int) {
            if lineHasText {
                if used + pendingSpace.count + wordWidth <= width {
                    for (c, s) in pendingSpace { line.append(String(c), s) }
                    used += pendingSpace.count
                } else {
                    newLine()
                }
            } else if result.isEmpty {
                // Indentation at the start of a paragraph is kept (as far as it fits).
                for (c, s) in pendingSpace where used < width - 1 {
                    line.append(String(c), s)
                    used += 1
                }
            }
            pendingSpace = []
            for (c, s) in word {
                let w = c.displayWidth
                if used + w > width, lineHasText { newLine() }
                line.append(String(c), s)
                used += w
                lineHasText = true
            }
        }

        var word: [(Character, Style)] = []
        var wordWidth = 0
        for span in spans {
            for character in VisibleText.make(span.text.replacingTabs()) {
                if character == " " {
                    if !word.isEmpty { appendWord(word, wordWidth: wordWidth); word = []; wordWidth = 0 }
                    pendingSpace.append((character, span.style))
                } else if character.displayWidth == 2 {
                    // Ideographs break anywhere: each is a word of its own.
                    if !word.isEmpty { appendWord(word, wordWidth: wordWidth); word = []; wordWidth = 0 }
                    appendWord([(character, span.style)], wordWidth: 2)
                } else {
                    word.append((character, span.style))
                    wordWidth += character.displayWidth
                }
            }
        }
        if !word.isEmpty { appendWord(word, wordWidth: wordWidth) }
        result.append(line)
        return result
    }

    /// Wraps plain text, honouring its newlines.
    public static func lines(_ text: String, style: Style, width: Int) -> [StyledLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
            lines([Span(String($0), style)], width: width)
        }
    }

    /// Cuts a line to `width` columns without wrapping (code blocks are not reflowed).
    public static func truncate(_ line: StyledLine, width: Int) -> StyledLine {
        var out = StyledLine(fill: line.fill)
        var used = 0
        for span in line.spans {
            var piece = ""
            for character in VisibleText.make(span.text.replacingTabs()) {
                let w = character.displayWidth
                if used + w > width { out.append(piece, span.style); return out }
                piece.append(character)
                used += w
            }
            out.append(piece, span.style)
        }
        return out
    }

    /// Splits a line into rows of exactly `width` columns by characters (code blocks that are
    /// wider than the pane continue on the next row instead of being lost).
    public static func hardBreak(_ line: StyledLine, width: Int) -> [StyledLine] {
        let width = max(1, width)
        var rows: [StyledLine] = []
        var current = StyledLine(fill: line.fill)
        var used = 0
        for span in line.spans {
            for character in VisibleText.make(span.text.replacingTabs()) {
                let w = character.displayWidth
                if used + w > width, used > 0 {
                    rows.append(current)
                    current = StyledLine(fill: line.fill)
                    used = 0
                }
                current.append(String(character), span.style)
                used += w
            }
        }
        rows.append(current)
        return rows
    }
}

extension String {
    /// Tabs as four spaces: a tab's width depends on the terminal's tab stops, which views cannot know.
    /// The check reads the bytes: `contains("\t")` resolved to Foundation's substring search,
    /// which bridged every span of every drawn line (about 5% of a frame of four streams).
    func replacingTabs() -> String {
        utf8.contains(UInt8(ascii: "\t")) ? replacingOccurrences(of: "\t", with: "    ") : self
    }
}
