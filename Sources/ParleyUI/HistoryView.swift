import Foundation
import ParleyEngine

/// The /history overlay: past conversations, newest first; Enter opens one.
enum HistoryView {
    static func draw(_ state: AppState, selected: Int, in rect: Rect, on canvas: inout Canvas) {
        let theme = state.theme
        let box = rect.centered(width: 72, height: max(5, min(rect.height, state.conversations.count + 2)))
        let inner = Border.box("History — Enter open · Esc close", in: box, theme: theme, on: &canvas)
        guard inner.height > 0 else { return }
        if state.conversations.isEmpty {
            canvas.write("no saved conversations yet", x: inner.x + 1, y: inner.y, style: theme[.dim], limit: inner.maxX)
            return
        }
        let top = max(0, min(selected - inner.height / 2, state.conversations.count - inner.height))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = state.timeZone
        for (i, conversation) in state.conversations[top..<min(state.conversations.count, top + inner.height)].enumerated() {
            let y = inner.y + i
            let isSelected = top + i == selected
            let style = isSelected ? theme[.selection] : theme[.text]
            if isSelected { canvas.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style) }
            let d = calendar.dateComponents([.year, .month, .day], from: conversation.updated)
            let date = String(format: "%04d-%02d-%02d", d.year ?? 0, d.month ?? 0, d.day ?? 0)
            let x = canvas.write(date + "  ", x: inner.x + 1, y: y, style: isSelected ? style : theme[.dim], limit: inner.maxX)
            canvas.write(VisibleText.make(conversation.title), x: x, y: y, style: style, limit: inner.maxX)
        }
    }
}
