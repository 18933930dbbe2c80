public import Foundation
public import ParleyModel

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

/// A model's thinking before its answer, as the chat's thinking block shows it.
public struct Thinking: Sendable, Hashable {
    public var text: String
    /// Pieces received, a stand-in for tokens until the server counts them.
    public var chunks: Int
    /// Reasoning tokens as the server counted them, once the answer finished.
    public var tokens: Int?
    /// When the first piece arrived and when the latest did (event times, so views stay pure).
    public var started: Date
    public var latest: Date
    /// How long it thought: set when the answer began (or the attempt ended).
    public var duration: Duration?
    /// Show all of it, not just the one folded line (the `toggle_reasoning` command).
    public var expanded: Bool

    public init(text: String = "", chunks: Int = 0, tokens: Int? = nil, started: Date, latest: Date? = nil,
                duration: Duration? = nil, expanded: Bool = false) {
        self.text = text
        self.chunks = chunks
        self.tokens = tokens
        self.started = started
        self.latest = latest ?? started
        self.duration = duration
        self.expanded = expanded
    }

    /// Still thinking: no answer text yet.
    public var isLive: Bool { duration == nil }

    /// Seconds thought so far, or in all once the answer began.
    public var elapsed: Duration {
        duration ?? .milliseconds(Int64((latest.timeIntervalSince(started) * 1000).rounded()))
    }

    /// Tokens as counted by the server, else pieces received.
    public var tokenCount: Int { tokens ?? chunks }

    /// The thinking is over: it lasted until `time` (the answer's first text), or until its
    /// last piece when `time` is nil (the attempt ended without an answer: a stall is no thought).
    mutating func end(at time: Date?) {
        guard duration == nil else { return }
        if let time { latest = max(latest, time) }
        duration = .milliseconds(Int64((latest.timeIntervalSince(started) * 1000).rounded()))
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
    /// What the model thought before answering, shown apart from the answer (nil: it did not think).
    public var thinking: Thinking? = nil
    /// The stored message this entry shows, when it was loaded from the store.
    public var storedID: String? = nil
    /// "branch 2/3" in the label line, where the message has siblings in the conversation's tree.
    public var branch: BranchLabel? = nil
    /// Images sent with a user message (`/attach photo.png`); they go again with the later turns
    /// of this chat, as the model needs them in its context. Not stored: a reopened
    /// conversation has the text, which names each image ("Image: photo.png").
    public var images: [ImagePart] = []

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
