/// The help overlay: every key binding (from the keymap, so rebound keys show as rebound) and
/// the slash commands.
enum HelpView {
    static func lines(_ state: AppState) -> [StyledLine] {
        let theme = state.theme
        var out: [StyledLine] = [StyledLine("Keys", theme[.heading])]
        for command in KeyCommand.allCases {
            let keys = state.keymap.keys(for: command).map(KeyBinding.describe)
            guard !keys.isEmpty else { continue }
            var line = StyledLine()
            line.append(pad(keys.joined(separator: ", "), 22), theme[.bold])
            line.append(command.summary, theme[.text])
            out.append(line)
        }
        for (keys, summary) in fixedKeys {
            var line = StyledLine()
            line.append(pad(keys, 22), theme[.bold])
            line.append(summary, theme[.text])
            out.append(line)
        }
        out.append(StyledLine())
        out.append(StyledLine("Model picker", theme[.heading]))
        for (keys, summary) in pickerKeys {
            var line = StyledLine()
            line.append(pad(keys, 22), theme[.bold])
            line.append(summary, theme[.text])
            out.append(line)
        }
        out.append(StyledLine())
        out.append(StyledLine("Commands", theme[.heading]))
        for command in SlashCommand.allCases {
            var line = StyledLine()
            line.append(pad(command.help.usage, 22), theme[.bold])
            line.append(command.help.summary, theme[.text])
            out.append(line)
        }
        return out
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

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.displayWidth))
    }

    static func draw(_ state: AppState, scroll: Int, in rect: Rect, on canvas: inout Canvas) {
        let content = lines(state)
        let box = rect.centered(width: 76, height: content.count + 2)
        let fits = content.count <= box.height - 2
        let inner = Border.box(fits ? "Help — any key closes" : "Help — ↑↓ PgUp PgDn scroll · other keys close",
                               in: box, theme: state.theme, on: &canvas)
        let top = min(max(0, scroll), max(0, content.count - inner.height))
        for (i, line) in content.dropFirst(top).prefix(inner.height).enumerated() {
            canvas.write(line, x: inner.x + 1, y: inner.y + i, limit: inner.maxX)
        }
    }
}
