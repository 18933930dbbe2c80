import Foundation
import ParleyEngine
import ParleyGateway

/// Sending, retrying and cancelling.
extension AppState {
    /// Enter: a slash command, or a message to the current model (or comparison set).
    mutating func submit() -> [Command] {
        let text = editor.text
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        remember(text)
        editor.setText("")
        historyIndex = nil
        if text.hasPrefix("/") && !text.hasPrefix("//") {
            return runSlashCommand(text)
        }
        // `//text` sends a message that starts with a slash.
        let message = text.hasPrefix("//") ? String(text.dropFirst()) : text
        let entry = append(TranscriptEntry(id: 0, role: .user, text: message))
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
        let messages = conversationMessages(through: entryID)
        scrollOffset = 0
        hasUnseenText = false
        notice = nil
        activeRequest = request
        if compareSet.count >= 2 {
            requests[request] = RequestProgress(model: nil, phase: .waiting, userEntry: entryID, isComparison: true,
                                                openLanes: Set(compareSet.indices))
            comparison = ComparisonState(request: request, userEntry: entryID, models: compareSet)
            return [.compare(request: request, messages: messages, models: compareSet)]
        }
        requests[request] = RequestProgress(model: currentModel, phase: .waiting, userEntry: entryID)
        return [.send(request: request, messages: messages, chain: chain, route: route.rawValue)]
    }

    /// The history the model sees: the system prompt, then finished user and assistant messages
    /// up to and including the user entry `entryID`. Partial attempts, failures and Parley's
    /// notices are left out; of a comparison only the first lane counts.
    func conversationMessages(through entryID: Int) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if let systemPrompt, !systemPrompt.isEmpty { messages.append(ChatMessage(role: .system, content: systemPrompt)) }
        for entry in transcript where entry.id <= entryID && entry.isHistory {
            if entry.role == .user && entry.status != .complete && entry.id != entryID { continue }
            messages.append(ChatMessage(role: entry.role == .user ? .user : .assistant, content: entry.text))
        }
        return messages
    }

    /// Ctrl-R: the last user message again, to the current model (switch first to retry with
    /// another model). Past answers stay as they were.
    mutating func retryLast() -> [Command] {
        guard let last = transcript.last(where: { $0.role == .user }) else {
            notice = Notice("nothing to retry yet", isError: true)
            return []
        }
        var commands: [Command] = []
        if let request = last.request, requests[request] != nil {
            commands += cancel(request)
        }
        return commands + startRequest(forUserEntry: last.id)
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

    mutating func markCancelled(_ request: RequestID) {
        if comparison?.request == request, let lanes = comparison?.lanes.indices {
            for lane in lanes where comparison?.lanes[lane].isOpen == true { comparison?.lanes[lane].phase = .cancelled }
        }
        transcript.removeAll { $0.request == request && $0.role == .assistant && $0.status == .streaming && $0.text.isEmpty }
        for i in transcript.indices where transcript[i].request == request && transcript[i].status == .streaming {
            transcript[i].status = .cancelled
        }
    }
}
