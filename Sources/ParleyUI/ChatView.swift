import ParleyGateway

/// The conversation: each message under a label (the model that answered, with its tokens, cost
/// and time), text wrapped by display width, markdown for answers, and markers for partial,
/// failed and cancelled attempts.
enum ChatView {
    /// Message text is indented under its label by this many columns.
    static let margin = 2

    static func draw(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let theme = state.theme
        let rows = state.transcript.isEmpty
            ? welcome(state, width: rect.width).suffix(rect.height + state.scrollOffset).prefix(rect.height)
            : visibleRows(state, width: rect.width, height: rect.height)
        for (row, line) in rows.enumerated() {
            let y = rect.y + row
            if let fill = line.fill {
                canvas.fill(Rect(x: rect.x + margin, y: y, width: rect.width - margin, height: 1), style: fill)
            }
            canvas.write(line, x: rect.x, y: y, limit: rect.maxX)
        }
        if state.scrollOffset > 0 {
            let hint = state.hasUnseenText ? " ↓ new text " : " ↓ more below "
            let x = max(rect.x, rect.maxX - hint.displayWidth - 1)
            canvas.write(hint, x: x, y: rect.maxY - 1, style: theme[.hint].with(reverse: true), limit: rect.maxX)
        }
    }

    private static func welcome(_ state: AppState, width: Int) -> [StyledLine] {
        let indent = Span(String(repeating: " ", count: margin), state.theme[.text])
        return Markdown.render(state.welcome, width: max(1, width - margin), theme: state.theme)
            .map { StyledLine([indent] + $0.spans, fill: $0.fill) }
    }

    /// The rows on screen, `scrollOffset` rows up from the end of the conversation. Messages are
    /// walked from the newest back only as far as the view reaches, so a long conversation is not
    /// re-wrapped every frame; an answer whose rows are already counted (one growing while the
    /// reader is scrolled back) is drawn from its top down to the view, not from its end up.
    static func visibleRows(_ state: AppState, width: Int, height: Int) -> ArraySlice<StyledLine> {
        let theme = state.theme, offset = state.scrollOffset, needed = height + offset
        var rows: [StyledLine] = []   // drawn rows, top to bottom
        var hidden = 0                // rows below `rows`, counted but not drawn (all below the view)
        var index = state.transcript.count - 1
        while index >= 0, rows.count + hidden < needed {
            let entry = state.transcript[index]
            let separator = index > 0 ? [StyledLine()] : []
            let below = rows.count + hidden
            if below < offset, let counted = countedRows(of: entry, in: state, width: width),
               below + counted + separator.count > offset {
                // The bottom of the view falls inside this answer: it is drawn from its top down to
                // there, and the rows under the view (its own and those already walked) are only counted.
                let drawn = counted + separator.count - (offset - below)
                rows = Array((separator + lines(for: entry, width: width, theme: theme,
                                                limit: .first(drawn - separator.count))).prefix(drawn))
                hidden = offset
            } else {
                rows.insert(contentsOf: separator + lines(for: entry, width: width, theme: theme, limit: .last(needed - below)),
                            at: 0)
            }
            index -= 1
        }
        let end = max(0, min(rows.count, rows.count + hidden - offset))
        return rows[max(0, end - height)..<end]
    }

    /// An answer's rows as `AppState.rowCounters` last counted them, when that count is of its
    /// current text at this width.
    private static func countedRows(of entry: TranscriptEntry, in state: AppState, width: Int) -> Int? {
        guard entry.role == .assistant, let counter = state.rowCounters[entry.id],
              counter.width == max(1, width - margin), let text = counter.rows(ifCountedFor: entry.text) else { return nil }
        return head(of: entry, width: max(1, width - margin), theme: state.theme).count + text
            + ending(of: entry, width: max(1, width - margin), theme: state.theme).count
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

    /// Rows the newest messages take, counting back until `limit` rows (for clamping the scroll).
    static func rowCount(_ state: AppState, width: Int, limit: Int) -> Int {
        var total = 0
        var index = state.transcript.count - 1
        while index >= 0, total < limit {
            total += lines(for: state.transcript[index], width: width, theme: state.theme,
                           limit: .last(limit - total)).count + (index > 0 ? 1 : 0)
            index -= 1
        }
        return total
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
            out.append(StyledLine("▌ you", theme[.userLabel]))
            out += indented(Wrap.lines(entry.text, style: theme[.user], width: textWidth))
            if case .unanswered(let reason) = entry.status {
                out += indented(Wrap.lines([Span("✗ not answered: \(reason)", theme[.error])], width: textWidth))
            }
        case .assistant:
            out = limit.message(head: head(of: entry, width: textWidth, theme: theme),
                                tail: indented(ending(of: entry, width: textWidth, theme: theme))) { limit in
                entry.text.isEmpty ? [] : indented(Markdown.render(entry.text, width: textWidth, theme: theme, limit: limit))
            }
        case .system:
            out += Wrap.lines([Span("system: " + entry.text, theme[.dim])], width: width)
        case .notice:
            out += Wrap.lines([Span(entry.text, entry.status == .error ? theme[.error] : theme[.dim])], width: width)
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

    /// `lines(for:width:theme:).count`, with the answer's text counted by `counter`, which
    /// remembers the lines it has counted: cheap to ask again and again while the answer grows.
    static func rowCount(for entry: TranscriptEntry, width: Int, theme: Theme, counter: inout MarkdownRowCounter) -> Int {
        guard entry.role == .assistant else { return lines(for: entry, width: width, theme: theme).count }
        let textWidth = max(1, width - margin)
        if counter.width != textWidth { counter = MarkdownRowCounter(width: textWidth) }
        return head(of: entry, width: textWidth, theme: theme).count + counter.rows(of: entry.text, theme: theme)
            + ending(of: entry, width: textWidth, theme: theme).count
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
