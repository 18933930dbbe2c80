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
        // Walk from the newest message back only as far as the screen (plus the scroll offset)
        // needs, so a long conversation is not re-wrapped every frame.
        let needed = rect.height + state.scrollOffset
        var rows: [StyledLine] = []
        var index = state.transcript.count - 1
        while index >= 0, rows.count < needed {
            var block = Self.lines(for: state.transcript[index], width: rect.width, theme: theme,
                                   lastRows: needed - rows.count)
            if index > 0 { block.insert(StyledLine(), at: 0) }
            rows.insert(contentsOf: block, at: 0)
            index -= 1
        }
        if state.transcript.isEmpty {
            rows = Markdown.render(state.welcome, width: max(1, rect.width - margin), theme: theme)
                .map { StyledLine([Span(String(repeating: " ", count: margin), theme[.text])] + $0.spans, fill: $0.fill) }
        }
        let end = max(0, rows.count - state.scrollOffset)
        let start = max(0, end - rect.height)
        for (row, line) in rows[start..<end].enumerated() {
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

    /// Rows the newest messages take, counting back until `limit` rows (for clamping the scroll).
    static func rowCount(_ state: AppState, width: Int, limit: Int) -> Int {
        var total = 0
        var index = state.transcript.count - 1
        while index >= 0, total < limit {
            total += lines(for: state.transcript[index], width: width, theme: state.theme,
                           lastRows: limit - total).count + (index > 0 ? 1 : 0)
            index -= 1
        }
        return total
    }

    /// The lines of one entry at a pane width: the label line, then the body indented. With
    /// `lastRows`, a long answer may be cut at the top, leaving at least that many rows.
    static func lines(for entry: TranscriptEntry, width: Int, theme: Theme, lastRows: Int? = nil) -> [StyledLine] {
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
            var tail: [StyledLine] = []
            switch entry.status {
            case .streaming where entry.text.isEmpty:
                tail = indented([StyledLine("…", theme[.dim])])
            case .partial(let reason):
                tail = indented(Wrap.lines([Span("⚠ partial — \(reason)", theme[.warning])], width: textWidth))
            case .cancelled:
                tail = indented(Wrap.lines([Span("⚠ cancelled after \(entry.chunks) token\(entry.chunks == 1 ? "" : "s")", theme[.warning])], width: textWidth))
            default:
                break
            }
            let wanted = lastRows.map { RowLimit.last($0 - tail.count) } ?? .all
            let text = entry.text.isEmpty ? [] : indented(Markdown.render(entry.text, width: textWidth, theme: theme, limit: wanted))
            // Without the label when the text alone fills the rows wanted: it may be cut at the top.
            if !wanted.isMet(by: text.count) { out.append(label(for: entry, theme: theme)) }
            out += text + tail
        case .system:
            out += Wrap.lines([Span("system: " + entry.text, theme[.dim])], width: width)
        case .notice:
            out += Wrap.lines([Span(entry.text, entry.status == .error ? theme[.error] : theme[.dim])], width: width)
        }
        return out
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
