/// A named thing a key can do. Keys map to these (the `Keymap`), and the reducer runs them, so
/// decoding a key is separate from what it does (as in helix's keymaps). The raw value is the
/// name used in the config file's `[keys]` table.
public enum KeyCommand: String, Sendable, Hashable, CaseIterable {
    // Conversation
    case send, newline, interrupt, cancel, quit, retry
    // Models and panes
    case nextModel = "next_model", previousModel = "previous_model", openPicker = "model_picker"
    case toggleLog = "toggle_log", showUsage = "usage", help
    case toggleReasoning = "toggle_reasoning"
    case openEditor = "editor", copyAnswer = "copy"
    // The conversation's branches
    case previousBranch = "previous_branch", nextBranch = "next_branch"
    case openSearch = "search"
    // Scrolling the chat
    case scrollUp = "scroll_up", scrollDown = "scroll_down", scrollTop = "scroll_top", scrollBottom = "scroll_bottom"
    // Comparison panes
    case nextPane = "next_pane", previousPane = "previous_pane", zoomPane = "zoom_pane"
    case pickAnswer = "pick_answer", cancelPane = "cancel_pane"
    // Editing
    case wordLeft = "word_left", wordRight = "word_right", lineStart = "line_start", lineEnd = "line_end"
    case deleteWord = "delete_word", killToStart = "kill_to_start", killToEnd = "kill_to_end"
    case cursorLeft = "cursor_left", cursorRight = "cursor_right", moveUp = "move_up", moveDown = "move_down"
    case deleteBackward = "delete_backward", deleteForward = "delete_forward", indent
    // Lists: the model picker and the overlays
    case choose, close, mark, compareMarked = "compare_marked", clearQuery = "clear_query"
    // The /history list
    case deleteConversation = "delete_conversation", renameConversation = "rename_conversation"

    /// What the command does, for the help overlay and docs/keys.md.
    public var summary: String {
        switch self {
        case .send: "send the message"
        case .newline: "insert a newline"
        case .interrupt: "cancel the answer in flight; twice when idle: quit"
        case .cancel: "cancel the answer in flight / close the overlay"
        case .quit: "quit"
        case .retry: "a new answer to the last message from the current model, beside the old (/regenerate)"
        case .previousBranch: "follow the previous branch where the conversation forks last (/branch)"
        case .nextBranch: "follow the next branch where the conversation forks last (/branch)"
        case .nextModel: "next favourite model"
        case .previousModel: "previous favourite model"
        case .openPicker: "model picker (search every model, mark a chain)"
        case .toggleLog: "show/hide the fallback log"
        case .toggleReasoning: "show every answer's thinking in full / fold it to one line"
        case .openEditor: "edit the draft in $VISUAL / $EDITOR (it comes back as the draft, not sent)"
        case .copyAnswer: "copy the last answer to the clipboard (OSC 52)"
        case .openSearch: "search the messages of every conversation (as /search; Enter opens one at the match)"
        case .showUsage: "usage: tokens and cost per model"
        case .help: "this help"
        case .scrollUp: "scroll the chat up a page"
        case .scrollDown: "scroll the chat down a page"
        case .scrollTop: "scroll to the first message"
        case .scrollBottom: "scroll to the end and follow the answer"
        case .nextPane: "comparison: focus the next pane (when the input is empty)"
        case .previousPane: "comparison: focus the previous pane (when the input is empty)"
        case .zoomPane: "comparison: zoom the focused pane to full width and back"
        case .pickAnswer: "comparison: pick the focused answer as the reply"
        case .cancelPane: "comparison: stop the focused lane (no pane focused: every lane)"
        case .wordLeft: "cursor one word left"
        case .wordRight: "cursor one word right"
        case .lineStart: "cursor to line start"
        case .lineEnd: "cursor to line end"
        case .deleteWord: "delete the word before the cursor"
        case .killToStart: "delete to the line start"
        case .killToEnd: "delete to the line end"
        case .cursorLeft: "cursor one character left"
        case .cursorRight: "cursor one character right"
        case .moveUp: "up a row; on the first row: earlier messages (lists: previous item)"
        case .moveDown: "down a row; on the last row: later messages (lists: next item)"
        case .deleteBackward: "delete the character before the cursor"
        case .deleteForward: "delete the character under the cursor"
        case .indent: "insert four spaces; after /attach, complete the file path"
        case .choose: "use the selected item (the picker: the model, or the marked chain)"
        case .close: "close"
        case .mark: "mark the model (marks build a chain, in order)"
        case .compareMarked: "compare the marked models side by side"
        case .clearQuery: "clear the search"
        case .deleteConversation: "history: delete the selected conversation (asks y/n; its costs stay in the usage)"
        case .renameConversation: "history: rename the selected conversation (Enter saves, Esc cancels)"
        }
    }
}
