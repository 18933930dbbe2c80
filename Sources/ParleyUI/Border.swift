/// Lines and boxes shared by panes and overlays.
enum Border {
    /// A horizontal rule with a title near its left end: `── title ─────`.
    static func rule(_ title: String, in rect: Rect, theme: Theme, on canvas: inout Canvas, titleStyle: Style? = nil) {
        guard !rect.isEmpty else { return }
        canvas.write(String(repeating: "─", count: rect.width), x: rect.x, y: rect.y, style: theme[.border], limit: rect.maxX)
        if !title.isEmpty {
            canvas.write(title, x: rect.x + min(2, rect.width - 1), y: rect.y, style: titleStyle ?? theme[.title], limit: rect.maxX)
        }
    }

    /// A box with a title; returns the inner rect.
    @discardableResult
    static func box(_ title: String, in rect: Rect, theme: Theme, on canvas: inout Canvas) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        canvas.fill(rect, style: theme[.text])
        let s = theme[.border]
        let horizontal = String(repeating: "─", count: rect.width - 2)
        canvas.write("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: s, limit: rect.maxX)
        canvas.write("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: s, limit: rect.maxX)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            canvas.put("│", x: rect.x, y: y, style: s)
            canvas.put("│", x: rect.maxX - 1, y: y, style: s)
        }
        if !title.isEmpty {
            canvas.write(" \(title) ", x: rect.x + 2, y: rect.y, style: theme[.title], limit: rect.maxX - 1)
        }
        return rect.inset(by: 1)
    }
}
