/// Draws the whole state into a canvas the size of the screen. Pure: the same state gives the
/// same canvas.
public func render(_ state: AppState) -> Canvas {
    var canvas = Canvas(width: state.width, height: state.height)
    let layout = Layout(state: state)
    if layout.tooSmall {
        drawTooSmall(state, on: &canvas)
        canvas.paintDefaults(state.theme[.background])
        return canvas
    }
    if state.showsComparisonPanes {
        CompareView.draw(state, in: layout.chat, on: &canvas)
    } else {
        ChatView.draw(state, in: layout.chat, on: &canvas)
    }
    if state.showLog { LogView.draw(state, in: layout.log, on: &canvas) }
    drawSeparator(state, in: layout.separator, on: &canvas)
    if !state.showsComparisonPanes { ChatView.drawScrollMarker(state, in: layout.separator, on: &canvas) }
    EditorView.draw(state, in: layout.editor, on: &canvas)
    StatusBar.draw(state, in: layout.status, on: &canvas)

    // Overlays cover everything above the status bar.
    let overlayArea = Rect(x: 0, y: 0, width: state.width, height: state.height - 1)
    if state.overlay != nil {
        canvas.fill(overlayArea, style: state.theme[.text])
        canvas.cursor = nil
    }
    switch state.overlay {
    case .help(let scroll)?: HelpView.draw(state, scroll: scroll, in: overlayArea, on: &canvas); canvas.cursor = nil
    case .picker(let picker)?: PickerView.draw(state, picker: picker, in: overlayArea, on: &canvas)
    case .usage(let scroll)?: UsageView.draw(state, scroll: scroll, in: overlayArea, on: &canvas); canvas.cursor = nil
    case .history(let history)?: HistoryView.draw(state, history: history, in: overlayArea, on: &canvas)
    case .search(let search)?: SearchView.draw(state, search: search, in: overlayArea, on: &canvas)
    case nil: break
    }
    canvas.paintDefaults(state.theme[.background])
    return canvas
}

/// The line between the chat and the editor: a rule carrying the latest notice.
private func drawSeparator(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
    let theme = state.theme
    if let notice = state.notice {
        Border.rule(" " + notice.text + " ", in: rect, theme: theme, on: &canvas,
                    titleStyle: notice.isError ? theme[.error] : theme[.hint])
    } else {
        Border.rule("", in: rect, theme: theme, on: &canvas)
    }
}

private func drawTooSmall(_ state: AppState, on canvas: inout Canvas) {
    guard canvas.width > 0, canvas.height > 0 else { return }
    let message = canvas.width >= 16 ? "window too small" : "too small"
    let y = (canvas.height - 1) / 2
    let x = max(0, (canvas.width - message.count) / 2)
    canvas.write(message, x: x, y: y, style: state.theme[.warning])
}
