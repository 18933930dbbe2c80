import ParleyModel

/// The model picker overlay: the query, then the matching models with a mark for those that
/// reason, prices per million tokens (in/out), context length and measured latency.
enum PickerView {
    static func draw(_ state: AppState, picker: PickerState, in rect: Rect, on canvas: inout Canvas) {
        let theme = state.theme
        let box = rect.centered(width: max(40, rect.width - 4), height: rect.height)
        let inner = Border.box("Models · Space mark · Enter use · Ctrl-X compare · Esc",
                               in: box, theme: theme, on: &canvas)
        guard inner.height >= 2, inner.width >= 4 else { return }
        let queryEnd = canvas.write("> ", x: inner.x, y: inner.y, style: theme[.inputPrompt], limit: inner.maxX)
        let typedEnd = canvas.write(picker.query, x: queryEnd, y: inner.y, style: theme[.input], limit: inner.maxX)
        canvas.cursor = (x: min(typedEnd, inner.maxX - 1), y: inner.y)
        let count = counted(picker.rows.count, "model") + (picker.marked.isEmpty ? "" : " · \(picker.marked.count) marked")
        if typedEnd + count.displayWidth + 2 < inner.maxX {
            canvas.write(count, x: inner.maxX - count.displayWidth, y: inner.y, style: theme[.dim], limit: inner.maxX)
        }
        let listHeight = inner.height - 1
        guard listHeight > 0 else { return }
        if picker.rows.isEmpty {
            canvas.write("no model matches", x: inner.x + 2, y: inner.y + 1, style: theme[.dim], limit: inner.maxX)
            return
        }
        // Keep the selection in view.
        let top = max(0, min(picker.selected - listHeight / 2, picker.rows.count - listHeight))
        for (i, row) in picker.rows[top..<min(picker.rows.count, top + listHeight)].enumerated() {
            let y = inner.y + 1 + i
            let selected = top + i == picker.selected
            let base = selected ? theme[.selection] : theme[.text]
            if selected { canvas.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base) }
            let markText: String
            if let m = picker.marked.firstIndex(of: row.model) { markText = "[\(m + 1)]" } else { markText = "   " }
            var x = canvas.write(markText, x: inner.x, y: y, style: selected ? base : theme[.mark], limit: inner.maxX)
            x += 1
            let details = detailText(state, row.model)
            let nameLimit = max(x + 1, inner.maxX - details.displayWidth - 1)
            for (offset, character) in row.model.description.enumerated() {
                var style = base
                if row.positions.contains(offset) {
                    let m = theme[.match]
                    style.bold = true
                    style.underline = m.underline
                    if !selected { style.foreground = m.foreground }
                }
                let used = canvas.put(character, x: x, y: y, style: style, limit: nameLimit)
                if used == 0 { break }
                x += used
            }
            if inner.maxX - details.displayWidth > x {
                canvas.write(details, x: inner.maxX - details.displayWidth, y: y, style: selected ? base : theme[.dim],
                             limit: inner.maxX)
            }
        }
    }

    /// Marks a model the catalogue says can think (OpenRouter's `supported_parameters` lists
    /// `reasoning`), so `/effort` is worth setting for it.
    static let reasoningMark = "think"

    /// `think · $3 / $15 · 200k ctx · 0.4 s`: whether it reasons, price in and out per million
    /// tokens, context, median latency.
    static func detailText(_ state: AppState, _ model: ModelRef) -> String {
        var parts: [String] = []
        if let info = state.catalogue[model] {
            if info.supportsReasoning { parts.append(reasoningMark) }
            if let p = info.promptPricePerMillion, let c = info.completionPricePerMillion {
                parts.append(p == 0 && c == 0 ? "free" : "\(Format.pricePerMillion(p)) / \(Format.pricePerMillion(c))")
            } else {
                parts.append("price ?")
            }
            if state.localFacts[model]?.contextWindow == nil, let ctx = info.contextLength {
                parts.append("\(Format.context(ctx)) \(info.contextLengthIsTrained ? "trained ctx" : "ctx")")
            }
        }
        // The window the local server really runs the model with, when it said.
        if let window = state.localFacts[model]?.contextWindow { parts.append("\(Format.context(window)) window") }
        if let ttft = state.latency[model]?.medianTimeToFirstToken { parts.append(Format.duration(ttft)) }
        return parts.joined(separator: " · ")
    }
}
