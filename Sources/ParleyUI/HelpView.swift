/// The help overlay: every key binding (from the keymap, so rebound keys show as rebound) and
/// the slash commands.
enum HelpView {
    /// The help's rows for the screen the state has: descriptions wrap in the width there is.
    static func lines(_ state: AppState) -> [StyledLine] {
        let theme = state.theme
        let width = textWidth(forScreen: state.width)
        func row(_ keys: String, _ summary: String) -> [StyledLine] {
            entry(keys, summary, width: width, theme: theme)
        }
        var out: [StyledLine] = [StyledLine("Keys", theme[.heading])]
        for command in KeyCommand.allCases {
            let keys = state.keymap.keys(for: command).map(KeyBinding.describe)
            guard !keys.isEmpty else { continue }
            out += row(keys.joined(separator: ", "), command.summary)
        }
        for (keys, summary) in fixedKeys { out += row(keys, summary) }
        out.append(StyledLine())
        out.append(StyledLine("Model picker", theme[.heading]))
        for (keys, summary) in pickerKeys { out += row(keys, summary) }
        out.append(StyledLine())
        out.append(StyledLine("History (/history)", theme[.heading]))
        out += row("type", "filter the conversations by title (Backspace edits, Ctrl-U clears)")
        for (command, summary) in historyKeys {
            let keys = state.keymap.keys(for: command, in: .history).map(KeyBinding.describe)
            if !keys.isEmpty { out += row(keys.joined(separator: ", "), summary) }
        }
        out.append(StyledLine())
        out.append(StyledLine("Commands", theme[.heading]))
        for command in SlashCommand.allCases { out += row(command.help.usage, command.help.summary) }
        return out
    }

    /// Width of the key column; keys wider than it get a row of their own.
    static let keyColumn = 24

    /// The box spans the screen less a margin, up to a readable 110 columns; text sits inside
    /// its border and a column of padding.
    static func boxWidth(forScreen width: Int) -> Int { min(110, max(0, width - 4)) }
    static func textWidth(forScreen width: Int) -> Int { max(keyColumn + 10, boxWidth(forScreen: width) - 3) }

    /// One key and what it does: the description wraps under itself, never cut off.
    static func entry(_ keys: String, _ summary: String, width: Int, theme: Theme) -> [StyledLine] {
        let indent = [Span(String(repeating: " ", count: keyColumn), theme[.text])]
        let text = [Span(summary, theme[.text])]
        let descriptionWidth = width
        if keys.displayWidth < keyColumn {
            return Wrap.lines(text, width: descriptionWidth, firstPrefix: [Span(pad(keys, keyColumn), theme[.bold])],
                              restPrefix: indent)
        }
        return Wrap.lines([Span(keys, theme[.bold])], width: width)
            + Wrap.lines(text, width: descriptionWidth, firstPrefix: indent, restPrefix: indent)
    }

    /// Keys that are not bindings of the keymap.
    static let fixedKeys: [(String, String)] = [
        ("? (empty input)", "this help"),
        ("mouse wheel", "scroll the chat"),
    ]

    static let pickerKeys: [(String, String)] = [
        ("type", "fuzzy search every model"),
        ("up / down, pgup / pgdn", "move"),
        ("space / tab", "mark (marks build a chain, in order)"),
        ("enter", "use the model, or the marked chain"),
        ("ctrl-x", "compare the marked models"),
        ("esc", "close"),
    ]

    /// What the history overlay's own commands do there (from the keymap, so rebound keys show).
    static let historyKeys: [(KeyCommand, String)] = [
        (.choose, "open the selected conversation"),
        (.deleteConversation, "delete it (y to confirm; its costs stay in the usage)"),
        (.renameConversation, "rename it: type the title, Enter saves, Esc cancels"),
        (.close, "close"),
    ]

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.displayWidth))
    }

    static func draw(_ state: AppState, scroll: Int, in rect: Rect, on canvas: inout Canvas) {
        let content = lines(state)
        let box = rect.centered(width: boxWidth(forScreen: rect.width), height: content.count + 2)
        let fits = content.count <= box.height - 2
        let inner = Border.box(fits ? "Help — any key closes" : "Help — ↑↓ PgUp PgDn scroll · other keys close",
                               in: box, theme: state.theme, on: &canvas)
        let top = min(max(0, scroll), max(0, content.count - inner.height))
        for (i, line) in content.dropFirst(top).prefix(inner.height).enumerated() {
            canvas.write(line, x: inner.x + 1, y: inner.y + i, limit: inner.maxX)
        }
    }
}
