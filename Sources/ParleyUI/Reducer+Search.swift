import ParleyModel

/// /search: ask the store, list the matches, and open the chosen one's conversation at that
/// message (through the same `openConversation` as /history).
extension AppState {
    /// Opens the overlay on `text` and asks the store; an empty text opens it to type into.
    mutating func openSearch(_ text: String) -> [Command] {
        let query = SearchState.clean(text)
        overlay = .search(SearchState(query: query, hits: Self.hasWords(query) ? nil : []))
        return searchCommands(query)
    }

    private static func hasWords(_ query: String) -> Bool { !SearchQuery(query).isEmpty }

    private func searchCommands(_ query: String) -> [Command] {
        Self.hasWords(query) ? [.searchMessages(query: query, limit: SearchState.hitLimit)] : []
    }

    /// The store's answer: shown if it answers the query still typed (an older one is dropped).
    mutating func showSearchResults(query: String, hits: [SearchHit]) {
        guard case .search(var search) = overlay, search.query == query else { return }
        search.hits = hits
        search.selected = min(search.selected, max(0, hits.count - 1))
        overlay = .search(search)
    }

    mutating func handleSearchKey(_ key: Key, command: KeyCommand?, search s: inout SearchState) -> [Command] {
        if let moved = ListCursor.moved(s.selected, by: command, count: s.hits?.count ?? 0,
                                        page: SearchView.listRows(forScreenHeight: height)) {
            s.selected = moved
            return []
        }
        switch command {
        case .choose?:
            guard let hits = s.hits, hits.indices.contains(s.selected) else { return [] }
            let hit = hits[s.selected]
            overlay = nil
            searchFocus = SearchFocus(conversationID: hit.conversationID, messageID: hit.messageID)
            return [.openConversation(id: hit.conversationID)]
        case .deleteBackward?:
            guard !s.query.isEmpty else { return [] }
            s.query.removeLast()
            return refine(&s)
        case .clearQuery?:
            s.query = ""
            return refine(&s)
        case .close?: overlay = nil
        default:
            // Unbound characters edit the query, which is searched again.
            if command == nil, case .character(let c) = key, !VisibleText.isControl(c),
               s.query.count < SearchState.maxQueryLength {
                s.query.append(c)
                return refine(&s)
            }
        }
        return []
    }

    /// A paste in the search overlay: its first line joins the query.
    mutating func pasteIntoSearch(_ text: String, search s: inout SearchState) -> [Command] {
        s.query = SearchState.clean(s.query + SearchState.clean(text))
        return refine(&s)
    }

    private func refine(_ s: inout SearchState) -> [Command] {
        s.selected = 0
        s.hits = Self.hasWords(s.query) ? nil : []
        return searchCommands(s.query)
    }

    /// After a conversation opened from a search: scroll so the matched message is at the top
    /// of the chat (or the end in view, when it is among the last rows). The message is found
    /// by its role and text among the entries the chat shows, the n-th of its equals; one the
    /// chat does not show (another branch) leaves the chat at its end, and says so.
    mutating func focusSearchedMessage(in conversation: Conversation, _ messages: [StoredMessage]) {
        guard let focus = searchFocus, focus.conversationID == conversation.id else { return }
        searchFocus = nil
        guard let messageID = focus.messageID, let message = messages.first(where: { $0.id == messageID }) else { return }
        let role: TranscriptEntry.Role = message.role == .user ? .user : message.role == .assistant ? .assistant : .system
        let equalsBefore = messages.prefix { $0.id != messageID }
            .filter { $0.role == message.role && $0.content == message.content }.count
        let candidates = transcript.indices.filter { transcript[$0].role == role && transcript[$0].text == message.content }
        guard !candidates.isEmpty else {
            notice = Notice("opened “\(VisibleText.make(conversation.title))” — the match is not on the path shown")
            return
        }
        let index = candidates[min(equalsBefore, candidates.count - 1)]
        let layout = Layout(state: self)
        guard !layout.tooSmall else { return }
        let geometry = ChatGeometry(self, width: layout.chat.width)
        let position = ChatGeometry.Position(index: index, row: 0)
        if geometry.hasRowsBelow(position, height: layout.chat.height) {
            chatScroll = .anchored(geometry.anchor(position))
        } else {
            followChat()
        }
        notice = Notice("opened “\(VisibleText.make(conversation.title))” at the match")
    }
}
