/// The input editor: a prompt, the text wrapped by characters, and the terminal cursor.
enum EditorView {
    static let promptWidth = 2

    static func draw(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let theme = state.theme
        let layout = EditorLayout(editor: state.editor, width: Layout.editorTextWidth(screenWidth: rect.width),
                                  maxRows: rect.height)
        let chars = state.editor.characters
        for (row, range) in layout.rows.enumerated() {
            let y = rect.y + row
            let isFirst = range.lowerBound == 0
            canvas.write(isFirst ? "› " : "  ", x: rect.x, y: y, style: theme[.inputPrompt], limit: rect.maxX)
            canvas.write(String(chars[range]), x: rect.x + promptWidth, y: y, style: theme[.input], limit: rect.maxX)
        }
        if state.editor.isEmpty {
            let keymap = state.keymap
            let hint = (["type a message"] + [(KeyCommand.send, "send"), (.newline, "newline"), (.help, "help")]
                .compactMap { command, name in keymap.hint(for: command).map { "\($0) \(name)" } })
                .joined(separator: " · ")
            canvas.write(hint, x: rect.x + promptWidth, y: rect.y, style: theme[.hint], limit: rect.maxX)
        }
        canvas.cursor = (x: min(rect.maxX - 1, rect.x + promptWidth + layout.cursorColumn), y: rect.y + layout.cursorRow)
    }
}
