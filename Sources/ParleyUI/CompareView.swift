import Foundation
import ParleyModel

/// A comparison side by side: the prompt on the first row, then one pane per lane — columns when
/// the chat is wide enough, a 2×2 grid for four on medium widths, stacked rows otherwise. Each
/// pane has a header (model, status, time to first token, speed, tokens, cost) and its answer
/// wrapped to the pane and following the stream.
enum CompareView {
    /// Narrowest column before the panes are arranged in a grid or rows instead.
    static let minimumColumn = 30

    static func draw(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty, let c = state.comparison else { return }
        let theme = state.theme
        drawPrompt(state, comparison: c, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), on: &canvas)
        let area = paneArea(rect)
        guard !area.isEmpty else { return }
        for (lane, pane) in paneRects(for: c, in: area).sorted(by: { $0.key < $1.key }) {
            drawPane(state, comparison: c, lane: lane, in: pane, on: &canvas)
            // A rule on the right of every pane that does not reach the area's edge.
            if pane.maxX < area.maxX {
                for y in pane.y..<pane.maxY { canvas.put("│", x: pane.maxX, y: y, style: theme[.border]) }
            }
        }
    }

    /// The chat rect without the prompt row.
    static func paneArea(_ chat: Rect) -> Rect {
        Rect(x: chat.x, y: chat.y + 1, width: chat.width, height: chat.height - 1)
    }

    /// Where each lane's pane goes (only the focused one when zoomed).
    static func paneRects(for c: ComparisonState, in area: Rect) -> [Int: Rect] {
        if c.zoomed, let focus = c.focus, c.lanes.indices.contains(focus) { return [focus: area] }
        return paneRects(count: c.lanes.count, in: area)
    }

    static func paneRects(count n: Int, in area: Rect) -> [Int: Rect] {
        guard n > 0, !area.isEmpty else { return [:] }
        var rects: [Int: Rect] = [:]
        let usable = area.width - (n - 1)   // one column of rule between neighbours
        if usable / n >= minimumColumn {
            let base = usable / n, extra = usable % n
            var x = area.x
            for i in 0..<n {
                let w = base + (i < extra ? 1 : 0)
                rects[i] = Rect(x: x, y: area.y, width: w, height: area.height)
                x += w + 1
            }
        } else if n == 4, (area.width - 1) / 2 >= minimumColumn, area.height >= 4 {
            let left = (area.width - 1) / 2, right = area.width - 1 - left
            let top = area.height / 2, bottom = area.height - top
            rects[0] = Rect(x: area.x, y: area.y, width: left, height: top)
            rects[1] = Rect(x: area.x + left + 1, y: area.y, width: right, height: top)
            rects[2] = Rect(x: area.x, y: area.y + top, width: left, height: bottom)
            rects[3] = Rect(x: area.x + left + 1, y: area.y + top, width: right, height: bottom)
        } else {
            let base = area.height / n, extra = area.height % n
            var y = area.y
            for i in 0..<n {
                let h = base + (i < extra ? 1 : 0)
                rects[i] = Rect(x: area.x, y: y, width: area.width, height: h)
                y += h
            }
        }
        return rects
    }

    /// Header rows of a pane: model and figures on two rows when there is room, else one.
    static func headerHeight(_ pane: Rect) -> Int { pane.height >= 5 ? 2 : 1 }
    static func bodyHeight(_ pane: Rect) -> Int { max(0, pane.height - headerHeight(pane)) }
    /// Text columns in a pane, after a one-column margin.
    static func textWidth(_ pane: Rect) -> Int { max(1, pane.width - 1) }

    private static func drawPrompt(_ state: AppState, comparison c: ComparisonState, in rect: Rect,
                                   on canvas: inout Canvas) {
        let theme = state.theme
        let prompt = state.entryIndex(c.userEntry).map { state.transcript[$0].text } ?? ""
        let firstLine = prompt.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        var line = StyledLine("▌ you  ", theme[.userLabel])
        line.append(VisibleText.make(firstLine), theme[.user])
        var hint = ""
        if c.winner == nil {
            let keys = state.keymap
            var parts: [String] = []
            if let k = keys.hint(for: .nextPane) { parts.append("\(k) focus") }
            if let k = keys.hint(for: .zoomPane) { parts.append("\(k) zoom") }
            parts.append("Enter pick")
            hint = " " + parts.joined(separator: " · ") + " "
        }
        let end = canvas.write(Wrap.truncate(line, width: rect.width), x: rect.x, y: rect.y, limit: rect.maxX)
        if !hint.isEmpty, end + 2 + hint.displayWidth <= rect.maxX {
            canvas.write(hint, x: rect.maxX - hint.displayWidth, y: rect.y, style: theme[.hint], limit: rect.maxX)
        }
    }

    private static func drawPane(_ state: AppState, comparison c: ComparisonState, lane: Int, in pane: Rect,
                                 on canvas: inout Canvas) {
        guard !pane.isEmpty, c.lanes.indices.contains(lane) else { return }
        let theme = state.theme
        let focused = c.focus == lane
        let (title, infoParts) = header(c, lane: lane, theme: theme)
        // Figures that do not fit are left out whole rather than cut in the middle.
        let room = headerHeight(pane) == 2 ? pane.width - 1 : pane.width - title.displayWidth - 2
        var info = ""
        for part in infoParts {
            let next = info.isEmpty ? part : info + " · " + part
            if next.displayWidth <= room || info.isEmpty { info = next }
        }
        var titleStyle = theme[.assistantLabel]
        if focused { titleStyle = titleStyle.with(reverse: true) }
        if focused { canvas.fill(Rect(x: pane.x, y: pane.y, width: pane.width, height: 1), style: titleStyle) }
        if headerHeight(pane) == 2 {
            canvas.write(StyledLine(title, titleStyle), x: pane.x, y: pane.y, limit: pane.maxX)
            canvas.write(" " + info, x: pane.x, y: pane.y + 1, style: theme[.dim], limit: pane.maxX)
        } else {
            let end = canvas.write(StyledLine(title, titleStyle), x: pane.x, y: pane.y, limit: pane.maxX)
            canvas.write("  " + info, x: end, y: pane.y, style: focused ? titleStyle : theme[.dim], limit: pane.maxX)
        }
        let bodyRows = bodyHeight(pane)
        guard bodyRows > 0 else { return }
        let (lines, moreBelow) = visibleLines(state, comparison: c, lane: lane, in: pane)
        let top = pane.y + headerHeight(pane)
        for (row, line) in lines.enumerated() {
            if let fill = line.fill {
                canvas.fill(Rect(x: pane.x + 1, y: top + row, width: pane.width - 1, height: 1), style: fill)
            }
            canvas.write(line, x: pane.x + 1, y: top + row, limit: pane.maxX)
        }
        if moreBelow {
            let mark = " ↓ "
            canvas.write(mark, x: max(pane.x, pane.maxX - mark.displayWidth), y: pane.maxY - 1,
                         style: theme[.hint].with(reverse: true), limit: pane.maxX)
        }
    }

    /// The body rows a pane shows at its position, and whether its text goes on below them.
    static func visibleLines(_ state: AppState, comparison c: ComparisonState, lane: Int,
                             in pane: Rect) -> (lines: ArraySlice<StyledLine>, moreBelow: Bool) {
        let rows = bodyHeight(pane), width = textWidth(pane)
        switch c.position(of: lane) {
        case .following:
            let lines = bodyLines(state, comparison: c, lane: lane, width: width, limit: .last(rows))
            return (lines.suffix(rows), false)
        case .row(let wanted):
            // One row more than the view, to know whether there is more below.
            let lines = bodyLines(state, comparison: c, lane: lane, width: width, limit: .first(wanted + rows + 1))
            let first = max(0, min(wanted, lines.count - rows))
            let end = min(lines.count, first + rows)
            return (lines[first..<end], lines.count > end)
        }
    }

    /// `[1] demo:fast` (or `▶[1]` when focused; `B ← a` after lane `a` fell back to `B`; the pick marks) and
    /// `done · ttft 0.4 s · 16 tok/s · 34 tok · $0.00012`.
    static func header(_ c: ComparisonState, lane: Int, theme: Theme) -> (title: String, info: [String]) {
        let status = c.lanes[lane]
        var title = (c.focus == lane ? "▶" : "") + "[\(lane + 1)] "
        if let model = status.model, model != status.requested {
            title += "\(model) ← \(status.requested.model)"
        } else {
            title += status.requested.description
        }
        if let winner = c.winner { title += winner == lane ? " ★ picked" : " (alternative)" }
        var parts: [String] = []
        switch status.phase {
        case .waiting: parts.append(status.model.map { "waiting for \($0.model)" } ?? "waiting")
        case .streaming: parts.append("streaming")
        case .thinking: parts.append("thinking")
        case .retrying(let wait): parts.append("retrying in \(Format.duration(wait))")
        case .fallingBack(let to): parts.append("falling back to \(to)")
        case .done: parts.append("done")
        case .failed(let reason): parts.append("failed — \(reason)")
        case .cancelled: parts.append("cancelled")
        }
        if let ttft = status.timeToFirstToken { parts.append("ttft \(Format.duration(ttft))") }
        if let speed = status.tokensPerSecond { parts.append(String(format: "%.0f tok/s", speed)) }
        if let stats = status.stats {
            let approx = stats.estimated ? "~" : ""
            parts.append("\(approx)\(Format.tokens(stats.completionTokens)) tok")
            parts.append(stats.cost.map { approx + Format.cost($0) } ?? "cost unknown")
        } else if status.chunks > 0 {
            parts.append("~\(Format.tokens(status.chunks)) tok")
        }
        return (VisibleText.make(title), parts.map { VisibleText.make($0) })
    }

    /// The lane's text: every attempt's answer (earlier, partial ones labelled with their model),
    /// markdown wrapped to `width`, and the lane's failure notice — or only the rows `limit`
    /// asks for, from the start or back from the end.
    static func bodyLines(_ state: AppState, comparison c: ComparisonState, lane: Int, width: Int,
                          limit: RowLimit = .all) -> [StyledLine] {
        let theme = state.theme
        guard let u = state.entryIndex(c.userEntry) else { return [] }
        let entries = state.transcript[(u + 1)...].filter { $0.request == c.request && $0.lane == lane && $0.role != .user }
        let labelled = entries.filter { $0.role == .assistant }.count > 1
        // A blank row separates an entry from the lines of the entries before it, if there are any.
        guard let firstWithLines = entries.firstIndex(where: { producesLines($0, labelled: labelled) }) else {
            switch c.lanes[lane].phase {
            case .cancelled: return [StyledLine("cancelled before any text", theme[.warning])]
            case .failed(let reason): return Wrap.lines([Span("✗ " + reason, theme[.error])], width: width)
            default: return [StyledLine("…", theme[.dim])]
            }
        }
        let backwards: Bool
        if case .last = limit { backwards = true } else { backwards = false }
        var blocks: [[StyledLine]] = []
        var rows = 0
        for (i, entry) in backwards ? Array(entries.enumerated().reversed()) : Array(entries.enumerated()) {
            if limit.isMet(by: rows) { break }
            let block = lines(for: entry, separated: firstWithLines < i, labelled: labelled, width: width,
                              theme: theme, limit: limit.less(rows))
            rows += block.count
            blocks.append(block)
        }
        return Array((backwards ? blocks.reversed() : blocks).joined())
    }

    /// One entry of a lane: a blank row when `separated`, its model when `labelled` (several
    /// attempts), the answer, and how the attempt ended. Cut to `limit` like `bodyLines`.
    private static func lines(for entry: TranscriptEntry, separated: Bool, labelled: Bool, width: Int, theme: Theme,
                              limit: RowLimit) -> [StyledLine] {
        let separator = separated ? [StyledLine()] : []
        switch entry.role {
        case .assistant:
            let head = (labelled
                ? separator + [StyledLine("◆ " + VisibleText.make(entry.model?.description ?? "assistant"), theme[.dim])]
                : []) + (entry.thinking.map { ThinkingBlock.lines($0, width: width, theme: theme) } ?? [])
            return limit.message(head: head, tail: ChatView.ending(of: entry, width: width, theme: theme)) { limit in
                entry.text.isEmpty ? [] : Markdown.render(entry.text, width: width, theme: theme, limit: limit,
                                                          settled: entry.status != .streaming)
            }
        case .notice:
            return separator + Wrap.lines([Span(entry.text, entry.status == .error ? theme[.error] : theme[.dim])], width: width)
        case .system, .user:
            return []
        }
    }

    /// Whether `bodyLines` draws anything for the entry.
    private static func producesLines(_ entry: TranscriptEntry, labelled: Bool) -> Bool {
        switch entry.role {
        case .notice: return true
        case .system, .user: return false
        case .assistant:
            if labelled || !entry.text.isEmpty || entry.thinking != nil { return true }
            switch entry.status {
            case .streaming, .partial, .cancelled: return true
            default: return false
            }
        }
    }
}
