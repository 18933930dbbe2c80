/// The fallback log pane: every engine event as one line, newest at the bottom, coloured by
/// outcome (ok green, retry yellow, failure red).
enum LogView {
    static func draw(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let theme = state.theme
        Border.rule(" fallback log ", in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), theme: theme, on: &canvas)
        let rows = rect.height - 1
        guard rows > 0 else { return }
        let visible = state.log.suffix(rows)
        if visible.isEmpty {
            canvas.write("no requests yet", x: rect.x + 1, y: rect.y + 1, style: theme[.dim], limit: rect.maxX)
        }
        for (i, entry) in visible.enumerated() {
            let style: Style
            switch entry.outcome {
            case .ok: style = theme[.ok]
            case .retry: style = theme[.retry]
            case .failure: style = theme[.error]
            case .info: style = theme[.dim]
            }
            canvas.write(entry.text, x: rect.x + 1, y: rect.y + 1 + i, style: style, limit: rect.maxX)
        }
    }
}
