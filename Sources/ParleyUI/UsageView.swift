import ParleyModel

/// The usage overlay: tokens and cost per model, today and all time, with every model's
/// requests and failures (a model that only failed shows its failures, not nothing) and the
/// cached and reasoning tokens the ledger keeps. More models than the screen holds scroll.
enum UsageView {
    /// Rows besides the models: the border (2), the heading and the total.
    private static let chromeRows = 4

    /// Every model with usage, the most expensive (all time) first.
    static func models(_ state: AppState) -> [String] {
        Array(Set(state.usageToday.map(\.key) + state.usageAllTime.map(\.key))).sorted { a, b in
            let ca = state.usageAllTime.first { $0.key == a }?.costUSD ?? 0
            let cb = state.usageAllTime.first { $0.key == b }?.costUSD ?? 0
            return ca != cb ? ca > cb : a < b
        }
    }

    /// Model rows the overlay shows at once on this screen.
    static func modelRows(_ state: AppState) -> Int {
        let area = max(0, state.height - 1)   // the status bar stays
        return max(1, min(area, models(state).count + chromeRows) - chromeRows)
    }

    /// How far the model rows can scroll: 0 when they all fit.
    static func scrollLimit(_ state: AppState) -> Int {
        max(0, models(state).count - modelRows(state))
    }

    /// Columns give way before the model names get narrower than this.
    private static let minimumNameWidth = 15

    /// A column of figures; columns of lower `priority` give way first on a narrow screen.
    private struct Column {
        var heading: String
        var width: Int
        var priority: Int
    }

    // Requests and failures outlast the token columns: "it failed" matters more than its tokens.
    private static let columns = [
        Column(heading: "today tok", width: 10, priority: 3), Column(heading: "today $", width: 9, priority: 7),
        Column(heading: "all tok", width: 9, priority: 4), Column(heading: "all $", width: 9, priority: 8),
        Column(heading: "req", width: 6, priority: 6), Column(heading: "failed", width: 7, priority: 5),
        Column(heading: "cached", width: 8, priority: 2), Column(heading: "reasoning", width: 10, priority: 1),
    ]

    static func draw(_ state: AppState, scroll: Int, in rect: Rect, on canvas: inout Canvas) {
        let theme = state.theme
        let models = models(state)
        let box = rect.centered(width: min(120, max(0, rect.width - 2)),
                                height: models.count + chromeRows + (models.isEmpty ? 2 : 0))
        let fits = models.count <= max(0, box.height - chromeRows)
        let inner = Border.box(fits ? "Usage — Esc or q closes" : "Usage — ↑↓ PgUp PgDn scroll · Esc or q closes",
                               in: box, theme: theme, on: &canvas)
        guard inner.height > 0 else { return }
        // On a narrow screen the least telling columns give way, so the model names stay readable.
        var kept = Array(columns.indices)
        func numbers() -> Int { kept.reduce(0) { $0 + columns[$1].width } }
        while kept.count > 2 && inner.width - numbers() - 1 < minimumNameWidth,
              let weakest = kept.min(by: { columns[$0].priority < columns[$1].priority }) {
            kept.removeAll { $0 == weakest }
        }
        let nameWidth = max(4, inner.width - numbers() - 1)
        func row(_ name: String, _ cells: [String], y: Int, style: Style) {
            canvas.write(HelpView.pad(name, nameWidth), x: inner.x, y: y, style: style, limit: inner.x + nameWidth)
            var x = inner.x + nameWidth
            for index in kept {
                let text = index < cells.count ? cells[index] : ""
                let w = columns[index].width
                canvas.write(String(repeating: " ", count: max(0, w - text.displayWidth)) + text,
                             x: x, y: y, style: style, limit: inner.maxX)
                x += w
            }
        }
        row("model", columns.map(\.heading), y: inner.y, style: theme[.heading])
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
        let visible = max(0, inner.height - 2)
        let top = min(max(0, scroll), max(0, models.count - visible))
        var todayTotal = 0.0, allTotal = 0.0
        for model in models {
            todayTotal += state.usageToday.first { $0.key == model }?.costUSD ?? 0
            allTotal += state.usageAllTime.first { $0.key == model }?.costUSD ?? 0
        }
        for (i, model) in models.dropFirst(top).prefix(visible).enumerated() {
            let t = figures(state.usageToday.first { $0.key == model })
            let all = state.usageAllTime.first { $0.key == model }
            let a = figures(all)
            let counts = all.map { [String($0.requests), String($0.failures), Format.tokens($0.cachedTokens),
                                    Format.tokens($0.reasoningTokens)] } ?? ["–", "–", "–", "–"]
            row(VisibleText.make(model), [t.0, t.1, a.0, a.1] + counts, y: inner.y + 1 + i, style: theme[.text])
        }
        let position = fits ? "total" : "total (\(top + 1)–\(top + min(visible, models.count - top)) of \(models.count))"
        row(position, ["", Format.cost(todayTotal), "", Format.cost(allTotal)], y: inner.maxY - 1, style: theme[.bold])
    }
}
