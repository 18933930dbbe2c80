import ParleyModel

/// Keys in the /history overlay: move, filter by typing, open, delete (after y/n) and rename.
extension AppState {
    mutating func handleHistoryKey(_ key: Key, command: KeyCommand?, history h: inout HistoryState) -> [Command] {
        switch h.mode {
        case .confirmingDelete(let id):
            h.mode = .browsing
            // Only y deletes; any other key (n, Esc, …) keeps the conversation.
            guard key == .character("y") || key == .character("Y") else { return [] }
            let title = conversations.first { $0.conversation.id == id }?.conversation.title ?? id
            // The list drops it at once; the runtime answers with the list as stored.
            conversations.removeAll { $0.conversation.id == id }
            h.selected = min(h.selected, max(0, shown(h).count - 1))
            guard conversationID == id else { return [.deleteConversation(id: id)] }
            // The chat on screen was that conversation: nothing of it is stored any more, so it
            // goes, as with /new, rather than looking saved.
            let cancels = cancelAll()
            transcript = []
            comparison = nil
            conversationID = nil
            conversationUsage = UsageTotals()
            followChat()
            notice = Notice("deleting “\(VisibleText.make(title))”, the chat that was open")
            return cancels + [.newConversation, .deleteConversation(id: id)]
        case .renaming(let id, var title):
            return editTitle(key, command: command, id: id, title: &title, history: &h)
        case .browsing:
            return browse(key, command: command, history: &h)
        }
    }

    /// The list as the filter shows it.
    func shown(_ h: HistoryState) -> [ConversationSummary] {
        HistoryState.matches(h.filter, in: conversations)
    }

    private mutating func browse(_ key: Key, command: KeyCommand?, history h: inout HistoryState) -> [Command] {
        let list = shown(h)
        if let moved = ListCursor.moved(h.selected, by: command, count: list.count,
                                        page: HistoryView.listRows(forScreenHeight: height)) {
            h.selected = moved
            return []
        }
        let selected = list.indices.contains(h.selected) ? list[h.selected] : nil
        switch command {
        case .choose?:
            guard let selected else { return [] }
            overlay = nil
            return [.openConversation(id: selected.conversation.id)]
        case .deleteConversation?:
            if let selected { h.mode = .confirmingDelete(id: selected.conversation.id) }
        case .renameConversation?:
            if let selected {
                h.mode = .renaming(id: selected.conversation.id,
                                   title: TextEditor(text: VisibleText.make(selected.conversation.title)))
            }
        case .deleteBackward?:
            if !h.filter.isEmpty {
                h.filter.removeLast()
                h.selected = 0
            }
        case .clearQuery?:
            h.filter = ""
            h.selected = 0
        case .close?: overlay = nil
        default:
            // Unbound characters filter the list.
            if command == nil, case .character(let c) = key, !VisibleText.isControl(c) {
                h.filter.append(c)
                h.selected = 0
            }
        }
        return []
    }

    /// Editing a title: Enter and Esc as in the list, the chat's editing keys for the text.
    private mutating func editTitle(_ key: Key, command: KeyCommand?, id: String, title: inout TextEditor,
                                    history h: inout HistoryState) -> [Command] {
        switch command {
        case .choose?:
            guard let clean = HistoryState.cleanTitle(title.text) else {
                notice = Notice("a title cannot be empty (Esc keeps the old one)", isError: true)
                return []
            }
            h.mode = .browsing
            if let i = conversations.firstIndex(where: { $0.conversation.id == id }) {
                conversations[i].conversation.title = clean
            }
            return [.renameConversation(id: id, title: clean)]
        case .close?:
            h.mode = .browsing
            return []
        default:
            break
        }
        switch keymap.command(for: key, in: .chat) {
        case .cursorLeft?: title.moveLeft()
        case .cursorRight?: title.moveRight()
        case .wordLeft?: title.moveWordLeft()
        case .wordRight?: title.moveWordRight()
        case .lineStart?: title.moveToLineStart()
        case .lineEnd?: title.moveToLineEnd()
        case .deleteBackward?: title.backspace()
        case .deleteForward?: title.deleteForward()
        case .deleteWord?: title.deleteWordBackward()
        case .killToStart?: title.killToLineStart()
        case .killToEnd?: title.killToLineEnd()
        case nil:
            if case .character(let c) = key, !VisibleText.isControl(c), title.characters.count < HistoryState.maxTitleLength {
                title.insert(c)
            }
        default: break
        }
        h.mode = .renaming(id: id, title: title)
        return []
    }

    /// A paste in the history overlay: its first line goes into the title being edited, or the filter.
    mutating func pasteIntoHistory(_ text: String, history h: inout HistoryState) {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let clean = String(line.filter { !VisibleText.isControl($0) })
        switch h.mode {
        case .renaming(let id, var title):
            title.insert(String(clean.prefix(max(0, HistoryState.maxTitleLength - title.characters.count))))
            h.mode = .renaming(id: id, title: title)
        case .browsing:
            h.filter += clean.prefix(HistoryState.maxTitleLength)
            h.selected = 0
        case .confirmingDelete:
            break
        }
    }
}
