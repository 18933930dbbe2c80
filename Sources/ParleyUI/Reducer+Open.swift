import Foundation
import ParleyModel

/// Opening a stored conversation: its messages become the transcript again, each answer with
/// the figures its ledger row kept and the thinking stored with it, as when it was fresh.
extension AppState {
    mutating func loadConversation(_ conversation: Conversation, _ messages: [StoredMessage], ledger: [LedgerEntry] = []) {
        transcript = []
        comparison = nil
        branchPoints = []   // `.branchesLoaded` follows with the store's
        editingEntry = nil
        conversationID = conversation.id
        systemPrompt = conversation.systemPrompt
        // The chat's totals are what its attempts cost, as the ledger kept them.
        conversationUsage = UsageTotals(ledger: ledger)
        let attempts = Self.attemptsByMessage(ledger)
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
            let attempt = role == .assistant ? attempts[message.id] : nil
            var entry = TranscriptEntry(id: 0, role: role, text: message.content, model: message.model, status: status,
                                        stats: attempt.flatMap { $0.outcome == .ok ? AnswerStats($0) : nil }, request: request,
                                        lane: message.lane ?? 0, inComparison: message.comparisonGroup != nil)
            entry.choice = message.choice.map { $0 == .picked ? .picked : .alternative }
            entry.storedID = message.id
            if role == .assistant, let reasoning = message.reasoning, !reasoning.isEmpty {
                entry.thinking = Self.storedThinking(reasoning, of: message, attempt: attempt, expanded: showReasoning)
            }
            append(entry)
        }
        overlay = nil
        followChat()
        let title = VisibleText.make(conversation.title)
        notice = Notice("opened “\(title)”")
        if restoreLastComparison() {
            notice = Notice("opened “\(title)” — comparing " + Self.describe(compareSet)
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
            status.stats = final?.stats
            status.timeToFirstToken = final?.stats?.timeToFirstToken
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

    /// The ledger row of each message: the attempt that wrote it (the one that finished when
    /// there are several).
    static func attemptsByMessage(_ ledger: [LedgerEntry]) -> [String: LedgerEntry] {
        var byMessage: [String: LedgerEntry] = [:]
        for row in ledger {
            guard let id = row.messageID else { continue }
            if byMessage[id]?.outcome != .ok { byMessage[id] = row }
        }
        return byMessage
    }

    /// A stored answer's thinking, folded: it thought from its first token until its first
    /// answer text, as far as the ledger timed them.
    static func storedThinking(_ reasoning: String, of message: StoredMessage, attempt: LedgerEntry?,
                               expanded: Bool) -> Thinking {
        var duration = Duration.zero
        if let answer = attempt?.timeToFirstAnswer {
            duration = answer - (attempt?.timeToFirstToken ?? .zero)
            if duration < .zero { duration = answer }
        }
        return Thinking(text: reasoning, chunks: TokenEstimate.tokens(characters: reasoning.count),
                        tokens: attempt?.reasoningTokens, started: message.created, duration: duration,
                        expanded: expanded)
    }
}

extension UsageTotals {
    /// What a conversation's attempts cost, from its ledger rows.
    init(ledger: [LedgerEntry]) {
        self.init()
        for row in ledger { add(AnswerStats(row)) }
    }
}

extension AnswerStats {
    /// An answer's figures as its ledger row kept them.
    init(_ row: LedgerEntry) {
        self.init(promptTokens: row.promptTokens, completionTokens: row.completionTokens,
                  estimated: row.tokensEstimated, cost: row.costUSD, duration: row.duration,
                  timeToFirstToken: row.timeToFirstToken)
    }
}
