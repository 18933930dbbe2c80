import ParleyModel

/// The bottom line: the model (or chain and route, or comparison set), what the request in
/// flight is doing, and tokens and cost for this conversation and today.
enum StatusBar {
    static func draw(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let theme = state.theme
        canvas.fill(rect, style: theme[.statusBar])
        let (activity, activityStyle) = activityText(state)
        let totals = totalsText(state)
        // What is happening matters more than the names: a long comparison set or chain gives
        // way (cut with "…") so the activity and the totals stay on screen.
        let rest = 1 + 4 + DisplayWidth.of(activity) + 3 + DisplayWidth.of(totals)
        var model = modelText(state)
        let room = rect.width - rest
        if DisplayWidth.of(model) > room, room >= 12 {
            model = Wrap.truncate(StyledLine([Span(model, theme[.statusAccent])]), width: room - 1).plainText + "…"
        }
        var line = StyledLine()
        line.append(" ", theme[.statusBar])
        line.append(model, theme[.statusAccent])
        line.append("  │ ", theme[.statusBar])
        line.append(activity, activityStyle)
        line.append(" │ ", theme[.statusBar])
        line.append(totals, theme[.statusBar])
        canvas.write(line, x: rect.x, y: rect.y, limit: rect.maxX)
    }

    static func modelText(_ state: AppState) -> String {
        if state.compareSet.count >= 2 {
            return "compare: " + AppState.describe(state.compareSet)
                + (state.effort.map { " · effort \($0.rawValue)" } ?? "") + VisibleText.make(state.shapeStatus)
        }
        var text = state.chain.map(\.description).joined(separator: " → ")
        if state.chain.count > 1 || state.route != .ordered { text += " [\(state.route.rawValue)]" }
        if let effort = state.effort { text += " · effort \(effort.rawValue)" }
        return VisibleText.make(text + state.shapeStatus)
    }

    static func activityText(_ state: AppState) -> (String, Style) {
        let theme = state.theme
        guard let request = state.activeRequest, let progress = state.requests[request] else {
            return ("idle", theme[.statusBar])
        }
        var accent = theme[.statusBar]
        switch progress.phase {
        case .waiting:
            return ("waiting" + (progress.model.map { " for \($0.model)" } ?? ""), accent)
        case .streaming(let chunks):
            accent.foreground = theme[.ok].foreground
            return ("streaming \(chunks) tok", accent)
        case .thinking(let chunks):
            accent.foreground = theme[.ok].foreground
            return ("thinking \(chunks) tok", accent)
        case .retrying(let wait):
            accent.foreground = theme[.retry].foreground
            return ("retrying in \(Format.duration(wait))", accent)
        case .fallingBack(let to):
            accent.foreground = theme[.warning].foreground
            return ("falling back to \(to)", accent)
        }
    }

    static func totalsText(_ state: AppState) -> String {
        let c = state.conversationUsage, t = state.todayUsage
        func part(_ u: UsageTotals) -> String {
            (u.approximate ? "~" : "") + "\(Format.tokens(u.tokens)) tok \(Format.cost(u.cost))"
        }
        return "chat \(part(c)) │ today \(part(t)) "
    }
}
