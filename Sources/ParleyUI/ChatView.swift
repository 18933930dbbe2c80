import ParleyModel

/// The conversation: each message under a label (the model that answered, with its tokens, cost
/// and time), text wrapped by display width, markdown for answers, and markers for partial,
/// failed and cancelled attempts.
enum ChatView {
    /// Message text is indented under its label by this many columns.
    static let margin = 2

    static func draw(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let rows = state.transcript.isEmpty
            ? welcome(state, width: rect.width).suffix(rect.height).prefix(rect.height)
            : visibleRows(state, width: rect.width, height: rect.height)
        for (row, line) in rows.enumerated() {
            let y = rect.y + row
            if let fill = line.fill {
                canvas.fill(Rect(x: rect.x + margin, y: y, width: rect.width - margin, height: 1), style: fill)
            }
            canvas.write(line, x: rect.x, y: y, limit: rect.maxX)
        }
    }

    /// `↓ new text` (or `↓ more below`) at the right end of the separator line while the chat is
    /// held back: on a row of its own, never over the text being read.
    static func drawScrollMarker(_ state: AppState, in separator: Rect, on canvas: inout Canvas) {
        guard case .anchored = state.chatScroll, !separator.isEmpty else { return }
        let hint = state.hasUnseenText ? " ↓ new text " : " ↓ more below "
        let x = max(separator.x, separator.maxX - hint.displayWidth - 1)
        canvas.write(hint, x: x, y: separator.y, style: state.theme[.hint].with(reverse: true), limit: separator.maxX)
    }

    private static func welcome(_ state: AppState, width: Int) -> [StyledLine] {
        let indent = Span(String(repeating: " ", count: margin), state.theme[.text])
        return Markdown.render(state.welcome, width: max(1, width - margin), theme: state.theme)
            .map { StyledLine([indent] + $0.spans, fill: $0.fill) }
    }

    /// The rows on screen: from the anchor down, or the last rows when following (or when the
    /// anchor has fewer rows below it than the view holds: clamped at the end). Only the entries
    /// in view are drawn, each only as far as the view reaches into it.
    static func visibleRows(_ state: AppState, width: Int, height: Int) -> ArraySlice<StyledLine> {
        let geometry = ChatGeometry(state, width: width)
        if case .anchored(let anchor) = state.chatScroll, let position = geometry.position(of: anchor) {
            let rows = geometry.rows(from: position, height: height)
            if rows.count == height { return rows[...] }
        }
        return geometry.bottomRows(height: height)[...]
    }

    /// An answer's lines above its text: the label, then the thinking block when it thought.
    static func head(of entry: TranscriptEntry, width textWidth: Int, theme: Theme) -> [StyledLine] {
        [label(for: entry, theme: theme)] + (entry.thinking.map { thinking(for: $0, width: textWidth, theme: theme) } ?? [])
    }

    /// The thinking block, indented under the label like the answer.
    static func thinking(for thinking: Thinking, width textWidth: Int, theme: Theme) -> [StyledLine] {
        let indent = Span(String(repeating: " ", count: margin), theme[.text])
        return ThinkingBlock.lines(thinking, width: textWidth, theme: theme).map { StyledLine([indent] + $0.spans, fill: $0.fill) }
    }

    /// The lines of one entry at a pane width: the label line, then the body indented. With a
    /// `limit`, a long answer may be cut at the bottom (`first`) or the top (`last`), keeping at
    /// least that many rows.
    static func lines(for entry: TranscriptEntry, width: Int, theme: Theme, limit: RowLimit = .all) -> [StyledLine] {
        let textWidth = max(1, width - margin)
        let indent = Span(String(repeating: " ", count: margin), theme[.text])
        func indented(_ body: [StyledLine]) -> [StyledLine] {
            body.map { StyledLine([indent] + $0.spans, fill: $0.fill) }
        }
        var out: [StyledLine] = []
        switch entry.role {
        case .user:
            var label = StyledLine("▌ you", theme[.userLabel])
            if let branch = entry.branch { label.append("  " + branch.text, theme[.dim]) }
            out.append(label)
            out += indented(Wrap.lines(entry.text, style: theme[.user], width: textWidth))
            if case .unanswered(let reason) = entry.status {
                out += indented(Wrap.lines([Span("✗ not answered: \(reason)", theme[.error])], width: textWidth))
            }
        case .assistant:
            out = limit.message(head: head(of: entry, width: textWidth, theme: theme),
                                tail: indented(ending(of: entry, width: textWidth, theme: theme))) { limit in
                entry.text.isEmpty ? [] : indented(Markdown.render(entry.text, width: textWidth, theme: theme, limit: limit,
                                                                  settled: entry.status != .streaming))
            }
        case .system:
            out += Wrap.lines([Span("system: " + entry.text, theme[.dim])], width: width)
        case .notice:
            // A notice may hold lines of its own (the `/branch` list).
            let style = entry.status == .error ? theme[.error] : theme[.dim]
            for line in entry.text.split(separator: "\n", omittingEmptySubsequences: false) {
                out += Wrap.lines([Span(String(line), style)], width: width)
            }
        }
        return out
    }

    /// How an answer ended, below its text: "…" while nothing has arrived, or why it stopped short.
    static func ending(of entry: TranscriptEntry, width: Int, theme: Theme) -> [StyledLine] {
        switch entry.status {
        case .streaming where entry.text.isEmpty && entry.thinking == nil:
            return [StyledLine("…", theme[.dim])]
        case .partial(let reason):
            return Wrap.lines([Span("⚠ partial — \(reason)", theme[.warning])], width: width)
        case .cancelled:
            return Wrap.lines([Span("⚠ cancelled after \(entry.chunks) token\(entry.chunks == 1 ? "" : "s")", theme[.warning])],
                              width: width)
        default:
            return []
        }
    }

    /// `◆ demo:fast  120 in · 57 out · $0.00012 · 2.1 s` — `~` marks estimated figures.
    static func label(for entry: TranscriptEntry, theme: Theme) -> StyledLine {
        var line = StyledLine()
        if entry.inComparison || entry.lane > 0 { line.append("[\(entry.lane + 1)] ", theme[.dim]) }
        line.append("◆ " + VisibleText.make(entry.model?.description ?? "assistant"), theme[.assistantLabel])
        switch entry.choice {
        case .picked?: line.append(" ★ picked", theme[.assistantLabel])
        case .alternative?: line.append(" (alternative)", theme[.dim])
        case nil: break
        }
        if let branch = entry.branch { line.append("  " + branch.text, theme[.dim]) }
        if let stats = entry.stats {
            let approx = stats.estimated ? "~" : ""
            var parts = ["\(approx)\(Format.tokens(stats.promptTokens)) in", "\(approx)\(Format.tokens(stats.completionTokens)) out"]
            parts.append(stats.cost.map { approx + Format.cost($0) } ?? "cost unknown")
            parts.append(Format.duration(stats.duration))
            line.append("  " + parts.joined(separator: " · "), theme[.dim])
        } else if entry.status == .streaming {
            line.append("  streaming…", theme[.dim])
        }
        return line
    }
}

extension Style {
    func with(reverse: Bool) -> Style {
        var s = self
        s.reverse = reverse
        return s
    }
}
