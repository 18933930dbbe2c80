import Foundation
import ParleyModel

/// Sending, retrying and cancelling.
extension AppState {
    /// Enter: a slash command, or a message to the current model (or comparison set).
    mutating func submit() -> [Command] {
        let text = editor.text
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        let isSlashCommand = text.hasPrefix("/") && !text.hasPrefix("//")
        if !isSlashCommand && isBusy {
            // A second request now would fork the conversation: it could not see the answer
            // still arriving. The text stays in the editor to send once that answer ends.
            notice = Notice("an answer is still arriving: wait for it, or cancel it (Esc), then send", isError: true)
            return []
        }
        remember(text)
        editor.setText("")
        historyIndex = nil
        if isSlashCommand {
            return runSlashCommand(text)
        }
        // `//text` sends a message that starts with a slash; attached files go before it.
        let message = Attachment.message(text.hasPrefix("//") ? String(text.dropFirst()) : text,
                                         attachments: shape.attachments)
        let images = Attachment.images(shape.attachments)
        if let waiting = waitForCatalogue(message, images: images, draft: text) {
            editor.setText(text)
            shape.heldForCatalogue = text
            notice = Notice(VisibleText.make(waiting))
            return []
        }
        shape.heldForCatalogue = nil
        if let refusal = imageRefusal() {
            editor.setText(text)
            notice = Notice(VisibleText.make(refusal) + " — /detach drops the attachments", isError: true)
            return []
        }
        if contextGuardStops(message, draft: text, images: images) {
            editor.setText(text)
            return []
        }
        shape.attachments = []
        if editingEntry != nil {
            defer { shape.truncating = false }
            return sendEditedQuestion(message)
        }
        var userEntry = TranscriptEntry(id: 0, role: .user, text: message)
        userEntry.images = images
        let entry = append(userEntry)
        defer { shape.truncating = false }
        return startRequest(forUserEntry: entry)
    }

    private mutating func remember(_ text: String) {
        if inputHistory.last != text { inputHistory.append(text) }
        if inputHistory.count > 1000 { inputHistory.removeFirst(inputHistory.count - 1000) }
    }

    /// Starts a request answering the user entry `entryID`, with the conversation up to it.
    mutating func startRequest(forUserEntry entryID: Int) -> [Command] {
        guard let index = entryIndex(entryID) else { return [] }
        let request = makeRequestID()
        transcript[index].request = request
        transcript[index].status = .complete
        followChat()
        notice = nil
        activeRequest = request
        let lanes = compareSet.filter { !$0.isEmpty }
        if lanes.count >= 2 {
            requests[request] = RequestProgress(model: nil, phase: .waiting, userEntry: entryID, isComparison: true,
                                                openLanes: Set(lanes.indices))
            comparison = ComparisonState(request: request, userEntry: entryID, chains: lanes)
            let work = lanes.indices.map {
                LaneRequest(chain: lanes[$0], messages: fitted(conversationMessages(through: entryID, lane: $0), for: lanes[$0].first))
            }
            return [.compare(request: request, lanes: work, route: route, conversation: currentConversationID())]
        }
        requests[request] = RequestProgress(model: currentModel, phase: .waiting, userEntry: entryID)
        return [.send(request: request, messages: fitted(conversationMessages(through: entryID), for: currentModel),
                      chain: chain, route: route, conversation: currentConversationID())]
    }

    /// The history a model sees: the system prompt, then finished user and assistant messages
    /// up to and including the user entry `entryID`. Partial attempts, failures and Parley's
    /// notices are left out.
    ///
    /// Of an earlier comparison, the picked answer counts for everyone. Before a pick, `lane`
    /// (a lane of the comparison being sent) follows its own thread: the earlier comparison's
    /// answer of the same lane, or lane 0's when that comparison had no such lane. An ordinary
    /// send (`lane` nil) continues from lane 0.
    func conversationMessages(through entryID: Int, lane: Int? = nil) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if let systemPrompt, !systemPrompt.isEmpty { messages.append(ChatMessage(role: .system, content: systemPrompt)) }
        let lanesAnswered = lanesByRequest()
        for entry in transcript where entry.id <= entryID {
            guard entry.isHistory(followingLane: { request in
                guard let lane, let request, lanesAnswered[request]?.contains(lane) == true else { return 0 }
                return lane
            }) else { continue }
            if entry.role == .user && entry.status != .complete && entry.id != entryID { continue }
            messages.append(entry.role == .user ? ChatMessage(role: .user, content: entry.text, images: entry.images)
                                                : ChatMessage(role: .assistant, content: entry.text))
        }
        return messages
    }

    /// The lanes that produced an answer (finished or not), per comparison request.
    private func lanesByRequest() -> [RequestID: Set<Int>] {
        var lanes: [RequestID: Set<Int>] = [:]
        for entry in transcript where entry.inComparison && entry.role == .assistant {
            if let request = entry.request { lanes[request, default: []].insert(entry.lane) }
        }
        return lanes
    }

    mutating func cancelAll() -> [Command] {
        requests.keys.sorted { $0.uuidString < $1.uuidString }.flatMap { cancel($0) }
    }

    /// Cancels at once in the UI (the text so far stays, marked); the engine's own `cancelled`
    /// event arrives later and finds nothing left to do.
    mutating func cancel(_ request: RequestID) -> [Command] {
        guard requests.removeValue(forKey: request) != nil else { return [] }
        if activeRequest == request { activeRequest = nil }
        markCancelled(request)
        notice = Notice("cancelled")
        return [.cancel(request)]
    }

    /// Marks the request's answers still streaming as cancelled (only `lane`'s when given); the
    /// text so far stays.
    mutating func markCancelled(_ request: RequestID, lane: Int? = nil) {
        func matches(_ entry: TranscriptEntry) -> Bool {
            entry.request == request && entry.status == .streaming && (lane == nil || entry.lane == lane)
        }
        if comparison?.request == request, let lanes = comparison?.lanes.indices {
            for i in lanes where (lane == nil || lane == i) && comparison?.lanes[i].isOpen == true {
                comparison?.lanes[i].phase = .cancelled
            }
        }
        transcript.removeAll { matches($0) && $0.role == .assistant && $0.text.isEmpty && $0.thinking == nil }
        for i in transcript.indices where matches(transcript[i]) {
            transcript[i].thinking?.end(at: nil)
            transcript[i].status = .cancelled
        }
    }
}
