import Foundation
import ParleyEngine
import ParleyGateway

/// The one place the UI state changes. Pure: no I/O, no clock, no randomness; what must happen
/// outside comes back as `Command`s for the runtime.
public func reduce(_ state: inout AppState, _ action: Action) -> [Command] {
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
        state.latency.merge(latency) { $1 }
        if case .picker(var picker) = state.overlay {
            picker.refresh(models: state.knownModels, favourites: state.favourites)
            state.overlay = .picker(picker)
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
        return []
    case .conversationLoaded(let conversation, let messages):
        state.loadConversation(conversation, messages)
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

    mutating func loadConversation(_ conversation: Conversation, _ messages: [StoredMessage]) {
        transcript = []
        comparison = nil
        conversationID = conversation.id
        systemPrompt = conversation.systemPrompt
        conversationUsage = UsageTotals()
        for message in messages {
            let role: TranscriptEntry.Role
            switch message.role {
            case .user: role = .user
            case .assistant: role = .assistant
            default: role = .system
            }
            let status: TranscriptEntry.Status
            switch message.status {
            case .complete: status = .complete
            case .partial, .streaming: status = .partial(reason: message.error ?? "interrupted")
            case .failed: status = role == .user ? .unanswered(reason: message.error ?? "failed") : .error
            }
            // A comparison's answers share its request again, so a pick can still be made.
            let request = message.comparisonGroup.flatMap { UUID(uuidString: $0) }
            if message.status == .failed && role == .assistant {
                append(TranscriptEntry(id: 0, role: .notice, text: "✗ " + (message.error ?? "no answer"), status: .error,
                                       request: request, lane: message.lane ?? 0))
                continue
            }
            var entry = TranscriptEntry(id: 0, role: role, text: message.content, model: message.model, status: status,
                                        request: request, lane: message.lane ?? 0,
                                        inComparison: message.comparisonGroup != nil)
            entry.choice = message.choice.map { $0 == .picked ? .picked : .alternative }
            append(entry)
        }
        overlay = nil
        followChat()
        notice = Notice("opened “\(conversation.title)”")
        if restoreLastComparison() {
            notice = Notice("opened “\(conversation.title)” — comparing " + Self.describe(compareSet)
                            + " (/compare off to stop)")
        }
    }

    /// After a stored conversation is opened: when its last turn was a comparison, show it side
    /// by side again, and if nothing was picked yet, stay in compare mode with its models
    /// (returns true then).
    private mutating func restoreLastComparison() -> Bool {
        guard let userIndex = transcript.lastIndex(where: { $0.role == .user }),
              let request = transcript[(userIndex + 1)...].first(where: { $0.inComparison })?.request
        else { return false }
        let answers = transcript[(userIndex + 1)...].filter { $0.request == request }
        let laneCount = (answers.map(\.lane).max() ?? 0) + 1
        guard laneCount >= 2 else { return false }
        transcript[userIndex].request = request
        var c = ComparisonState(request: request, userEntry: transcript[userIndex].id, chains: [])
        for lane in 0..<laneCount {
            let own = answers.filter { $0.lane == lane }
            let final = own.last { $0.role == .assistant }
            var status = LaneStatus(requested: final?.model ?? own.first?.model ?? currentModel)
            status.model = final?.model
            switch final?.status {
            case .complete?: status.phase = .done
            case .cancelled?: status.phase = .cancelled
            // The store keeps a stopped answer as partial, with "cancelled" as its reason.
            case .partial(let reason)?: status.phase = reason == GatewayError.cancelled.summary ? .cancelled : .failed(reason: reason)
            default: status.phase = .failed(reason: own.last { $0.role == .notice }?.text ?? "no answer")
            }
            c.lanes.append(status)
            if final?.choice == .picked { c.winner = lane }
        }
        c.scroll = Array(repeating: .following, count: laneCount)
        comparison = c
        guard c.winner == nil else { return false }
        compareSet = c.lanes.map { [$0.answeringModel] }
        return true
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
