import Foundation
import ParleyModel

/// The /history overlay: past conversations, newest first, each with its local date and time
/// and how many messages it holds; typing filters by title. The last row says which keys do
/// what, asks the y/n of a delete, or carries the latest notice.
enum HistoryView {
    /// Rows besides the list: the border (2) and the row of hints.
    private static let chromeRows = 3

    /// List rows the overlay shows at most on a screen this high (for paging).
    static func listRows(forScreenHeight height: Int) -> Int {
        max(1, height - 1 - chromeRows)
    }

    static func draw(_ state: AppState, history: HistoryState, in rect: Rect, on canvas: inout Canvas) {
        let theme = state.theme
        let list = HistoryState.matches(history.filter, in: state.conversations)
        let box = rect.centered(width: min(100, max(0, rect.width - 2)),
                                height: max(6, list.count + chromeRows))
        let inner = Border.box(title(history, shown: list.count, of: state.conversations.count),
                               in: box, theme: theme, on: &canvas)
        guard inner.height > 0 else { return }
        let rows = max(0, inner.height - 1)
        drawFooter(state, history: history, at: inner.maxY - 1, in: inner, on: &canvas)
        guard !list.isEmpty else {
            let empty = state.conversations.isEmpty ? "no saved conversations yet"
                : "no title contains “\(VisibleText.make(history.filter))” (Backspace edits the filter)"
            if rows > 0 { canvas.write(empty, x: inner.x + 1, y: inner.y, style: theme[.dim], limit: inner.maxX) }
            return
        }
        let selected = min(max(0, history.selected), list.count - 1)
        let top = max(0, min(selected - rows / 2, list.count - rows))
        for (i, summary) in list.dropFirst(top).prefix(rows).enumerated() {
            let y = inner.y + i
            let isSelected = top + i == selected
            let style = isSelected ? theme[.selection] : theme[.text]
            if isSelected { canvas.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style) }
            let count = summary.messageCount == 1 ? "1 message" : "\(summary.messageCount) messages"
            let countX = max(inner.x, inner.maxX - 1 - count.count)
            let titleLimit = inner.width >= 50 ? countX - 1 : inner.maxX
            let x = canvas.write(state.timeZone.minuteStamp(summary.conversation.updated) + "  ", x: inner.x + 1, y: y,
                                 style: isSelected ? style : theme[.dim], limit: inner.maxX)
            if isSelected, case .renaming(_, let editor) = history.mode {
                let text = editor.text
                canvas.write(text, x: x, y: y, style: style, limit: inner.maxX - 1)
                let cursorX = x + String(editor.characters.prefix(editor.cursor)).displayWidth
                canvas.cursor = (min(cursorX, inner.maxX - 1), y)
                continue
            }
            canvas.write(VisibleText.make(summary.conversation.title), x: x, y: y, style: style, limit: titleLimit)
            if inner.width >= 50 { canvas.write(count, x: countX, y: y, style: isSelected ? style : theme[.dim], limit: inner.maxX) }
        }
    }

    /// `History — 3 of 12 · filter: rust`; unfiltered, the title invites typing.
    private static func title(_ history: HistoryState, shown: Int, of all: Int) -> String {
        guard !history.filter.isEmpty else { return "History — type to filter" }
        return "History — filter: \(VisibleText.make(history.filter)) · \(shown) of \(all)"
    }

    private static func drawFooter(_ state: AppState, history: HistoryState, at y: Int, in inner: Rect,
                                   on canvas: inout Canvas) {
        let theme = state.theme
        let keymap = state.keymap
        func key(_ command: KeyCommand, _ fallback: String) -> String {
            keymap.hint(for: command, in: .history) ?? fallback
        }
        let text: String
        var style = theme[.hint]
        switch history.mode {
        case .confirmingDelete(let id):
            let found = state.conversations.first { $0.conversation.id == id }
            let name = VisibleText.make(found?.conversation.title ?? id)
            let messages = found.map { " and its \($0.messageCount == 1 ? "1 message" : "\($0.messageCount) messages")" } ?? ""
            text = "Delete “\(name)”\(messages)? y / n"
            style = theme[.error]
        case .renaming:
            if let notice = state.notice, notice.isError {
                text = notice.text
                style = theme[.error]
            } else {
                text = "new title · \(key(.choose, "Enter")) save · \(key(.close, "Esc")) cancel"
            }
        case .browsing:
            if let notice = state.notice {
                text = notice.text
                style = notice.isError ? theme[.error] : theme[.hint]
            } else {
                text = "\(key(.choose, "Enter")) open · \(key(.deleteConversation, "Ctrl-D")) delete · "
                    + "\(key(.renameConversation, "Ctrl-R")) rename · \(key(.close, "Esc")) close"
            }
        }
        canvas.write(text, x: inner.x + 1, y: y, style: style, limit: inner.maxX)
    }
}
