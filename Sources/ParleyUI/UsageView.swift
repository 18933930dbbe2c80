import ParleyEngine

/// The usage overlay: tokens and cost per model, today and all time, with every model's
/// requests and failures (a model that only failed shows its failures, not nothing) and the
/// cached and reasoning tokens the ledger keeps.
enum UsageView {
    static func draw(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        let theme = state.theme
        let models = Array(Set(state.usageToday.map(\.key) + state.usageAllTime.map(\.key))).sorted { a, b in
            let ca = state.usageAllTime.first { $0.key == a }?.costUSD ?? 0
            let cb = state.usageAllTime.first { $0.key == b }?.costUSD ?? 0
            return ca != cb ? ca > cb : a < b
        }
        let box = rect.centered(width: min(120, max(0, rect.width - 2)), height: models.count + 6)
        let inner = Border.box("Usage — any key closes", in: box, theme: theme, on: &canvas)
        guard inner.height > 0 else { return }
        // today tok, today $, all tok, all $, requests, failed, cached, reasoning (all time)
        // On a narrow screen the last columns give way, so the model names stay readable.
        var columns = [10, 9, 9, 9, 6, 7, 8, 10]
        while columns.count > 4 && inner.width - columns.reduce(0, +) - 1 < 18 { columns.removeLast() }
        let numbers = columns.reduce(0, +)
        let nameWidth = max(4, inner.width - numbers - 1)
        func row(_ cells: [String], y: Int, style: Style) {
            var x = canvas.write(HelpView.pad(cells[0], nameWidth), x: inner.x, y: y, style: style, limit: inner.x + nameWidth)
            x = inner.x + nameWidth
            for (i, text) in cells.dropFirst().prefix(columns.count).enumerated() {
                let w = columns[i]
                let padded = String(repeating: " ", count: max(0, w - text.displayWidth)) + text
                canvas.write(padded, x: x, y: y, style: style, limit: inner.maxX)
                x += w
            }
        }
        row(["model", "today tok", "today $", "all tok", "all $", "req", "failed", "cached", "reasoning"],
            y: inner.y, style: theme[.heading])
        if models.isEmpty {
            canvas.write("no usage recorded yet", x: inner.x, y: inner.y + 2, style: theme[.dim], limit: inner.maxX)
            return
        }
        func figures(_ r: UsageRow?) -> (String, String) {
            guard let r else { return ("–", "–") }
            let approx = r.includesEstimatedTokens ? "~" : ""
            return (approx + Format.tokens(r.promptTokens.saturatingAdd(r.completionTokens)),
                    (r.includesUnknownCost ? "≥" : "") + Format.cost(r.costUSD))
        }
        var y = inner.y + 1
        var todayTotal = 0.0, allTotal = 0.0
        for model in models where y < inner.maxY - 1 {
            let t = figures(state.usageToday.first { $0.key == model })
            let a = figures(state.usageAllTime.first { $0.key == model })
            todayTotal += state.usageToday.first { $0.key == model }?.costUSD ?? 0
            allTotal += state.usageAllTime.first { $0.key == model }?.costUSD ?? 0
            let all = state.usageAllTime.first { $0.key == model }
            let counts = all.map { [String($0.requests), String($0.failures), Format.tokens($0.cachedTokens),
                                    Format.tokens($0.reasoningTokens)] } ?? ["–", "–", "–", "–"]
            row([VisibleText.make(model), t.0, t.1, a.0, a.1] + counts, y: y, style: theme[.text])
            y += 1
        }
        row(["total", "", Format.cost(todayTotal), "", Format.cost(allTotal)], y: inner.maxY - 1, style: theme[.bold])
    }
}
