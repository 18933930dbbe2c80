import Foundation
import ParleyModel

/// The one place the UI state changes. Pure: no I/O, no clock, no randomness; what must happen
/// outside comes back as `Command`s for the runtime.
public func reduce(_ state: inout AppState, _ action: Action) -> [Command] {
    let commands = reduceAction(&state, action)
    // Whatever changed the models in use (a switch, a role, a comparison, the first action),
    // the runtime learns what their local servers say before the next message goes.
    return commands + state.localFactsRequests()
}

private func reduceAction(_ state: inout AppState, _ action: Action) -> [Command] {
    switch action {
    case .input(let event):
        // A notice answers the last thing the user did; the next key is a later action, so it
        // goes (the key may set a new one). Resizes, wheel and paste leave it.
        if case .key = event { state.notice = nil }
        return state.handleInput(event)
    case .engine(let event):
        state.fold([event])
        return []
    case .engineEvents(let events):
        state.fold(events)
        return []
    case .catalogueLoaded(let catalogue, let latency):
        state.catalogue = catalogue
        state.catalogueIsKnown = true
        state.latency.merge(latency) { $1 }
        if case .picker(var picker) = state.overlay {
            picker.refresh(models: state.knownModels, favourites: state.favourites)
            state.overlay = .picker(picker)
        }
        // A message held for the catalogues goes now, as the user left it in the editor.
        if let held = state.shape.heldForCatalogue {
            state.shape.heldForCatalogue = nil
            if state.editor.text == held, case .none = state.overlay { return state.submit() }
        }
        return []
    case .usageLoaded(let today, let allTime):
        state.usageToday = today
        state.usageAllTime = allTime
        // The ledger is the truth for today's totals; it already includes this session.
        var totals = UsageTotals()
        for row in today {
            totals.tokens = totals.tokens.saturatingAdd(row.promptTokens.saturatingAdd(row.completionTokens))
            totals.cost += row.costUSD
            if row.includesEstimatedTokens || row.includesUnknownCost { totals.approximate = true }
        }
        state.todayUsage = totals
        return []
    case .historyLoaded(let conversations):
        state.conversations = conversations
        if case .history(var history) = state.overlay {
            // A delete or a reload can shorten the list under the selection.
            history.selected = min(history.selected, max(0, state.shown(history).count - 1))
            state.overlay = .history(history)
        }
        return []
    case .conversationLoaded(let conversation, let messages, let ledger):
        state.loadConversation(conversation, messages, ledger: ledger)
        state.focusSearchedMessage(in: conversation, messages)
        return []
    case .searchResults(let query, let hits):
        state.showSearchResults(query: query, hits: hits)
        return []
    case .branchesLoaded(let id, let points):
        if state.conversationID == id { state.applyBranches(points) }
        return []
    case .pathLoaded(let conversation, let messages, let ledger, let points, let notice):
        state.reloadPath(conversation, messages, ledger: ledger, branches: points, notice: notice)
        return []
    case .conversationLedgerLoaded(let id, let ledger):
        // The chat may have moved on (/new, another conversation opened) while the turn ended.
        if state.conversationID == id { state.conversationUsage = UsageTotals(ledger: ledger) }
        return []
    case .sendFailed(let request, let reason):
        state.restoreUnsent(request: request, reason: reason)
        return []
    case .tick:
        return []
    case .themeLoaded(let theme, let name):
        state.theme = theme
        state.notice = Notice("theme: " + VisibleText.make(theme.name))
        return [.remember(.theme(name))]
    case .editorFinished(let outcome):
        state.finishExternalEdit(outcome)
        return []
    case .notice(let text):
        state.notice = Notice(VisibleText.make(text))
        return []
    case .error(let text):
        state.notice = Notice(VisibleText.make(text), isError: true)
        return []
    case .attachmentRead(let file):
        state.attachmentRead(file)
        return []
    case .localFactsLearned(let model, let facts):
        state.localFacts[model] = facts
        return []
    case .directoryListed(let typed, let entries):
        state.directoryListed(typed: typed, entries: entries)
        return []
    }
}

extension AppState {
    /// Every model the picker and `/model` know: the catalogue plus configured ones.
    var knownModels: [ModelRef] {
        var seen = Set(catalogue.keys)
        var all = Array(catalogue.keys)
        for model in favourites + [currentModel] + fallbacks where !seen.contains(model) {
            seen.insert(model)
            all.append(model)
        }
        return all
    }

    /// Request ids are derived from a per-session seed and a counter, so the reducer stays pure
    /// and tests can predict them.
    mutating func makeRequestID() -> RequestID {
        requestCounter += 1
        var bytes = idSeed.uuid
        withUnsafeMutableBytes(of: &bytes) { raw in
            var counter = requestCounter.bigEndian
            withUnsafeBytes(of: &counter) { c in
                for i in 0..<8 { raw[8 + i] ^= c[i] }
            }
        }
        return UUID(uuid: bytes)
    }

    @discardableResult
    mutating func append(_ entry: TranscriptEntry) -> Int {
        var entry = entry
        entry.id = nextEntryID
        nextEntryID += 1
        transcript.append(entry)
        // Held at a row of an earlier entry, the reader's view stays still by itself.
        if isScrolledBack { hasUnseenText = true }
        return entry.id
    }

    /// The conversation id the next turn goes to: the open one, or a new one named here (from
    /// the session seed, like request ids, so the reducer stays pure).
    mutating func currentConversationID() -> String {
        if let conversationID { return conversationID }
        let id = makeRequestID().uuidString.lowercased()
        conversationID = id
        return id
    }

    func entryIndex(_ id: Int) -> Int? {
        // Entries are appended with rising ids, so search from the end where the action is.
        transcript.lastIndex { $0.id == id }
    }

    /// A send that never reached the engine: the message leaves the chat and goes back into the
    /// editor (unless the user has started typing something else).
    mutating func restoreUnsent(request: RequestID, reason: String) {
        let progress = requests.removeValue(forKey: request)
        if comparison?.request == request { comparison = nil }
        if activeRequest == request { activeRequest = nil }
        transcript.removeAll { $0.request == request && $0.role == .assistant }
        if let id = progress?.userEntry ?? transcript.last(where: { $0.request == request && $0.role == .user })?.id,
           let index = entryIndex(id) {
            let text = transcript[index].text
            transcript.remove(at: index)
            if editor.isEmpty { editor.setText(text) }
        }
        notice = Notice("not sent: " + VisibleText.make(reason), isError: true)
    }
}
