import Foundation
import ParleyModel

/// The /search overlay: one row per matching message, newest first — when, the conversation's
/// title, whose message, and a snippet with the matched words in the theme's match colour. The
/// last row says which keys do what or carries the latest notice.
enum SearchView {
    /// Rows besides the list: the border (2) and the row of hints.
    private static let chromeRows = 3
    private static let roleWidth = 10

    /// List rows the overlay shows at most on a screen this high (for paging).
    static func listRows(forScreenHeight height: Int) -> Int {
        max(1, height - 1 - chromeRows)
    }

    static func draw(_ state: AppState, search: SearchState, in rect: Rect, on canvas: inout Canvas) {
        let theme = state.theme
        let hits = search.hits ?? []
        let box = rect.centered(width: min(110, max(0, rect.width - 2)), height: max(6, hits.count + chromeRows))
        let inner = Border.box(title(search), in: box, theme: theme, on: &canvas)
        guard inner.height > 0 else { return }
        let rows = max(0, inner.height - 1)
        drawFooter(state, at: inner.maxY - 1, in: inner, on: &canvas)
        let query = SearchQuery(search.query)
        guard !hits.isEmpty else {
            let empty: String
            if query.isEmpty {
                empty = "type words to find them in every conversation"
            } else if search.hits == nil {
                empty = "searching…"
            } else {
                empty = "no message contains “\(VisibleText.make(search.query))” (Backspace edits the words)"
            }
            if rows > 0 { canvas.write(empty, x: inner.x + 1, y: inner.y, style: theme[.dim], limit: inner.maxX) }
            return
        }
        let selected = min(max(0, search.selected), hits.count - 1)
        let top = max(0, min(selected - rows / 2, hits.count - rows))
        let titleWidth = max(8, min(24, inner.width / 5))
        for (i, hit) in hits.dropFirst(top).prefix(rows).enumerated() {
            let y = inner.y + i
            let isSelected = top + i == selected
            let style = isSelected ? theme[.selection] : theme[.text]
            let quiet = isSelected ? style : theme[.dim]
            if isSelected { canvas.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style) }
            var x = canvas.write(state.timeZone.minuteStamp(hit.time) + "  ", x: inner.x + 1, y: y, style: quiet,
                                 limit: inner.maxX)
            let title = fitted(VisibleText.make(hit.conversationTitle), width: titleWidth)
            x = canvas.write(title, x: x, y: y, style: isSelected ? style : theme[.bold], limit: inner.maxX)
            x = canvas.write(String(repeating: " ", count: max(0, titleWidth - title.displayWidth) + 2), x: x, y: y,
                             style: style, limit: inner.maxX)
            let role = hit.role?.rawValue ?? "title"
            x = canvas.write(HelpView.pad(role, roleWidth), x: x, y: y, style: quiet, limit: inner.maxX)
            var matchStyle = theme[.match]
            if isSelected {
                matchStyle.background = style.background
                matchStyle.reverse = style.reverse
            }
            let line = snippetLine(hit.snippet, query: query, width: inner.maxX - 1 - x, text: style, match: matchStyle)
            canvas.write(line, x: x, y: y, limit: inner.maxX - 1)
        }
    }

    /// `text` cut to `width` columns with `…`.
    static func fitted(_ text: String, width: Int) -> String {
        guard text.displayWidth > width else { return text }
        var out = ""
        for character in text {
            if (out + String(character)).displayWidth > width - 1 { break }
            out.append(character)
        }
        return out + "…"
    }

    /// The snippet as spans, shifted left (with `…`) when its first match would fall beyond
    /// `width` columns, so the match is always in view; the matched words in `match`.
    static func snippetLine(_ snippet: String, query: SearchQuery, width: Int, text: Style, match: Style) -> StyledLine {
        var visible = VisibleText.make(snippet)
        if let first = query.matches(in: visible).first,
           visible[..<first.upperBound].displayWidth > width {
            // Keep about a third of the row before the match.
            var start = first.lowerBound
            var before = 0
            while start > visible.startIndex, before < max(0, width / 3) {
                start = visible.index(before: start)
                before += String(visible[start]).displayWidth
            }
            visible = "…" + visible[start...]
        }
        var line = StyledLine()
        var index = visible.startIndex
        for range in query.matches(in: visible) {
            line.append(String(visible[index..<range.lowerBound]), text)
            line.append(String(visible[range]), match)
            index = range.upperBound
        }
        line.append(String(visible[index...]), text)
        return line
    }

    /// `Search — “rust lifetimes” · 12 matches`; before words are typed, an invitation.
    private static func title(_ search: SearchState) -> String {
        guard !search.query.isEmpty else { return "Search — type to search every conversation" }
        let words = "Search — “\(VisibleText.make(search.query))”"
        guard let hits = search.hits, !SearchQuery(search.query).isEmpty else { return words }
        let count = hits.count >= SearchState.hitLimit ? "the newest \(hits.count) matches"
            : hits.count == 1 ? "1 match" : "\(hits.count) matches"
        return words + " · " + count
    }

    private static func drawFooter(_ state: AppState, at y: Int, in inner: Rect, on canvas: inout Canvas) {
        let theme = state.theme
        let keymap = state.keymap
        func key(_ command: KeyCommand, _ fallback: String) -> String {
            keymap.hint(for: command, in: .search) ?? fallback
        }
        var text = "type to refine · \(key(.choose, "Enter")) open at the match · \(key(.close, "Esc")) close"
        var style = theme[.hint]
        if let notice = state.notice, notice.isError {
            text = notice.text
            style = theme[.error]
        }
        canvas.write(text, x: inner.x + 1, y: y, style: style, limit: inner.maxX)
    }
}
