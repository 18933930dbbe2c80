/// The selected row of an overlay's list (the history, the search results) moved by the list
/// movement keys (`Keymap.listMovement`): one row, a page, or to either end, never past them.
enum ListCursor {
    /// `selected` moved by `command` in a list of `count` rows showing `page` at a time; nil when
    /// `command` is not a movement, so the overlay handles it itself.
    static func moved(_ selected: Int, by command: KeyCommand?, count: Int, page: Int) -> Int? {
        let last = max(0, count - 1)
        switch command {
        case .moveUp?: return max(0, min(selected, last) - 1)
        case .moveDown?: return min(last, selected + 1)
        case .scrollUp?: return max(0, min(selected, last) - page)
        case .scrollDown?: return min(last, selected + page)
        case .scrollTop?: return 0
        case .scrollBottom?: return last
        default: return nil
        }
    }
}
