/// Where each part of the screen goes, from top to bottom:
///
///     chat (the rest)
///     fallback log (when shown: up to a third of the screen)
///     ─ separator (model hint, notices) ─
///     input editor (grows with its text up to a third of the screen)
///     status bar
///
/// The reducer uses the same layout to know the page size and the chat's width.
public struct Layout: Sendable, Hashable {
    public static let minimumWidth = 20
    public static let minimumHeight = 6

    public var screen: Rect
    public var chat: Rect
    public var log: Rect
    public var separator: Rect
    public var editor: Rect
    public var status: Rect
    /// The screen is below the minimum size: render shows only "window too small".
    public var tooSmall: Bool

    public init(state: AppState) {
        screen = Rect(x: 0, y: 0, width: state.width, height: state.height)
        tooSmall = state.width < Self.minimumWidth || state.height < Self.minimumHeight
        guard !tooSmall else {
            chat = .init(x: 0, y: 0, width: 0, height: 0)
            log = chat; separator = chat; editor = chat; status = chat
            return
        }
        let w = state.width, h = state.height
        status = Rect(x: 0, y: h - 1, width: w, height: 1)
        let editorRows = EditorLayout(editor: state.editor, width: Self.editorTextWidth(screenWidth: w),
                                      maxRows: max(1, h / 3)).rows.count
        editor = Rect(x: 0, y: h - 1 - editorRows, width: w, height: editorRows)
        separator = Rect(x: 0, y: editor.y - 1, width: w, height: 1)
        let above = separator.y
        let logRows = state.showLog ? min(max(3, above / 3), max(0, above - 2)) : 0
        log = Rect(x: 0, y: above - logRows, width: w, height: logRows)
        chat = Rect(x: 0, y: 0, width: w, height: above - logRows)
    }

    /// Columns for text in the editor, after the two-column prompt.
    static func editorTextWidth(screenWidth: Int) -> Int { max(1, screenWidth - EditorView.promptWidth) }

    /// Columns for message text in the chat, after the left margin.
    var chatTextWidth: Int { max(1, chat.width - ChatView.margin) }
}
