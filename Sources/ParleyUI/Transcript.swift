public import Foundation
public import ParleyEngine
public import ParleyGateway

/// Token and cost figures of one answer, as the chat shows them under the model's name.
public struct AnswerStats: Sendable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    /// True when the server sent no usage and the figures are estimates (shown with `~`).
    public var estimated: Bool
    public var cost: Double?
    public var duration: Duration
    public var timeToFirstToken: Duration?

    public init(promptTokens: Int, completionTokens: Int, estimated: Bool, cost: Double?, duration: Duration,
                timeToFirstToken: Duration? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.estimated = estimated
        self.cost = cost
        self.duration = duration
        self.timeToFirstToken = timeToFirstToken
    }

    public init(_ outcome: EngineEvent.Outcome) {
        self.init(promptTokens: outcome.usage.promptTokens, completionTokens: outcome.usage.completionTokens,
                  estimated: outcome.usageEstimated, cost: outcome.cost ?? outcome.usage.cost,
                  duration: outcome.duration, timeToFirstToken: outcome.timeToFirstToken)
    }
}

/// One entry of the chat pane.
public struct TranscriptEntry: Sendable, Hashable, Identifiable {
    public enum Role: Sendable, Hashable {
        case system, user, assistant
        /// A line from Parley itself (errors of a whole request, command results).
        case notice
    }

    public enum Status: Sendable, Hashable {
        /// Finished normally (user messages, finished answers, notices).
        case complete
        /// Text is still arriving.
        case streaming
        /// The attempt failed after sending this much; the chain may have moved on.
        case partial(reason: String)
        /// The request was cancelled by the user; the text so far stays.
        case cancelled
        /// A user message whose request failed on every model: it can be retried with Ctrl-R.
        case unanswered(reason: String)
        /// A notice about a failure.
        case error
    }

    public var id: Int
    public var role: Role
    public var text: String
    /// The model that wrote an assistant entry (past entries keep theirs when the user switches).
    public var model: ModelRef?
    public var status: Status
    public var stats: AnswerStats?
    /// The request that produced (or was sent with) this entry.
    public var request: RequestID?
    /// Comparison lane (0 for an ordinary turn); entries of one comparison share `request`.
    public var lane: Int
    /// Part of a side-by-side comparison (labelled with its lane number).
    public var inComparison: Bool = false
    /// Text pieces received, a stand-in for tokens while the server has not counted them.
    public var chunks: Int
    /// For a comparison's answers once one was picked: the reply, or an alternative.
    public var choice: Choice? = nil

    public enum Choice: Sendable, Hashable { case picked, alternative }

    public init(id: Int, role: Role, text: String, model: ModelRef? = nil, status: Status = .complete,
                stats: AnswerStats? = nil, request: RequestID? = nil, lane: Int = 0, inComparison: Bool = false,
                chunks: Int = 0) {
        self.id = id
        self.role = role
        self.text = text
        self.model = model
        self.status = status
        self.stats = stats
        self.request = request
        self.lane = lane
        self.inComparison = inComparison
        self.chunks = chunks
    }

    /// Whether this entry goes back to the model as conversation history: complete user and
    /// assistant messages only, never partial attempts or Parley's own notices. Of a comparison
    /// the picked answer counts; before a pick, the answer of the lane `followedLane` names
    /// for the entry's request.
    func isHistory(followingLane followedLane: (RequestID?) -> Int) -> Bool {
        switch (role, status) {
        case (.user, .complete), (.user, .unanswered): return lane == 0
        case (.assistant, .complete):
            switch choice {
            case .picked?: return true
            case .alternative?: return false
            case nil: return !inComparison || lane == followedLane(request)
            }
        default: return false
        }
    }
}
