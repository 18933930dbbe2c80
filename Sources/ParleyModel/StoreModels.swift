public import Foundation

/// One conversation. Ids are lowercase UUID strings so users can type a unique prefix of one.
public struct Conversation: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var systemPrompt: String?
    public var created: Date
    public var updated: Date

    public init(id: String, title: String, systemPrompt: String?, created: Date, updated: Date) {
        self.id = id
        self.title = title
        self.systemPrompt = systemPrompt
        self.created = created
        self.updated = updated
    }
}

/// How far a stored message got.
public enum MessageStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A whole answer (or any user/system message).
    case complete
    /// Some text arrived, then the attempt failed or was cancelled; the text is kept and marked.
    case partial
    /// The turn produced no answer at all: every attempt failed before any text. Content is empty;
    /// `error` says why.
    case failed
    /// Being written right now. Found later with an old `updated`, it means the process died
    /// mid-stream (see `Store.recoverInterruptedMessages`).
    case streaming
}

/// Of a comparison's answers, once the user picked one: the conversation's reply, or one of
/// the answers not taken.
public enum MessageChoice: String, Sendable, Hashable, Codable, CaseIterable {
    case picked, alternative
}

/// A message as the store keeps it.
public struct StoredMessage: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var conversationID: String
    public var role: ChatMessage.Role
    public var content: String
    /// The model that answered (assistant messages only).
    public var model: ModelRef?
    public var status: MessageStatus
    /// Why the answer is partial or failed (already sanitised by the gateway).
    public var error: String?
    /// Set for answers of a comparison: every lane of one comparison shares the group, so the
    /// answers show as alternatives of one turn.
    public var comparisonGroup: String?
    public var lane: Int?
    /// Set on a comparison's answers once one of them was picked.
    public var choice: MessageChoice?
    /// The model's thinking before this answer, kept with it and never sent back to a model.
    public var reasoning: String?
    /// The message before this one on its path through the conversation's tree; `nil` for a
    /// first message (see `Store+Tree`). Set by the store when the message is written.
    public var parentID: String?
    public var created: Date
    public var updated: Date

    public init(id: String = UUID().uuidString.lowercased(), conversationID: String, role: ChatMessage.Role, content: String,
                model: ModelRef? = nil, status: MessageStatus = .complete, error: String? = nil,
                comparisonGroup: String? = nil, lane: Int? = nil, choice: MessageChoice? = nil,
                reasoning: String? = nil, parentID: String? = nil, created: Date, updated: Date? = nil) {
        self.reasoning = reasoning
        self.parentID = parentID
        self.id = id
        self.conversationID = conversationID
        self.role = role
        self.content = content
        self.model = model
        self.status = status
        self.error = error
        self.comparisonGroup = comparisonGroup
        self.lane = lane
        self.choice = choice
        self.created = created
        self.updated = updated ?? created
    }
}

/// How one attempt ended, as the ledger records it.
public enum AttemptOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case ok, failed, cancelled
}

/// One row of the usage ledger: one HTTP attempt against one model.
public struct LedgerEntry: Sendable, Hashable {
    public var id: Int64?
    /// When the attempt started.
    public var time: Date
    public var conversationID: String?
    public var requestID: RequestID?
    public var lane: Int
    /// Counts from 1 per model within a request.
    public var attempt: Int
    public var model: ModelRef
    /// The route that ordered the chain, when there was one (stored as its `description`).
    public var route: Route?
    public var promptTokens: Int
    public var completionTokens: Int
    /// True when the counts are estimates (no usage from the server, or a failed stream).
    public var tokensEstimated: Bool
    /// USD: the server's `usage.cost`, else catalogue prices x tokens, else `nil` (unknown).
    public var costUSD: Double?
    /// Prompt tokens read from the provider's cache, when the server said (part of `promptTokens`).
    public var cachedTokens: Int?
    /// Prompt tokens written to the provider's cache, when the server said.
    public var cacheWriteTokens: Int?
    /// Completion tokens spent thinking, when the server said (part of `completionTokens`).
    public var reasoningTokens: Int?
    /// Until the first token of any kind (thinking included).
    public var timeToFirstToken: Duration?
    /// Until the first piece of answer text.
    public var timeToFirstAnswer: Duration?
    public var duration: Duration
    public var outcome: AttemptOutcome
    /// `GatewayError.kind` for failed attempts (`rate-limited`, `timeout-idle`, ...).
    public var errorKind: String?
    public var httpStatus: Int?
    /// The message this attempt's text went into, if it produced any.
    public var messageID: String?

    public init(id: Int64? = nil, time: Date, conversationID: String?, requestID: RequestID?, lane: Int = 0,
                attempt: Int = 1, model: ModelRef, route: Route? = nil, promptTokens: Int, completionTokens: Int,
                tokensEstimated: Bool, costUSD: Double?, timeToFirstToken: Duration?, duration: Duration,
                outcome: AttemptOutcome, errorKind: String? = nil, httpStatus: Int? = nil, messageID: String? = nil,
                cachedTokens: Int? = nil, cacheWriteTokens: Int? = nil, reasoningTokens: Int? = nil,
                timeToFirstAnswer: Duration? = nil) {
        self.id = id
        self.cachedTokens = cachedTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
        self.timeToFirstAnswer = timeToFirstAnswer
        self.time = time
        self.conversationID = conversationID
        self.requestID = requestID
        self.lane = lane
        self.attempt = attempt
        self.model = model
        self.route = route
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.tokensEstimated = tokensEstimated
        self.costUSD = costUSD
        self.timeToFirstToken = timeToFirstToken
        self.duration = duration
        self.outcome = outcome
        self.errorKind = errorKind
        self.httpStatus = httpStatus
        self.messageID = messageID
    }
}

/// What the store can fail with, beyond SQLite errors.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case conversationNotFound(String)
    case ambiguousConversationID(prefix: String, matches: [String])
    case invalidConversationID(String)
    case messageNotFound(String)

    public var description: String {
        switch self {
        case .conversationNotFound(let id):
            return "no conversation with id '\(id)'"
        case .ambiguousConversationID(let prefix, let matches):
            let shown = matches.prefix(5).map { String($0.prefix(12)) }.joined(separator: ", ")
            return "id prefix '\(prefix)' matches \(matches.count) conversations (\(shown)\(matches.count > 5 ? ", ..." : "")); type more of it"
        case .invalidConversationID(let id):
            return "'\(id)' is not a conversation id (expected hexadecimal digits and dashes)"
        case .messageNotFound(let id):
            return "no message with id '\(id)'"
        }
    }
}

extension ModelRef {
    /// Parses the `provider:model` form the store writes. Only the first colon separates, since
    /// model ids may contain colons themselves.
    public init?(storedReference text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        self.init(provider: String(text[..<colon]), model: String(text[text.index(after: colon)...]))
    }
}

extension StoredMessage {
    /// As synthesised, except that `parent_id` is always written (`null` for a first message),
    /// so scripts reading `--json` can rebuild the path without guessing at a missing key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(conversationID, forKey: .conversationID)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encodeIfPresent(model, forKey: .model)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(comparisonGroup, forKey: .comparisonGroup)
        try container.encodeIfPresent(lane, forKey: .lane)
        try container.encodeIfPresent(choice, forKey: .choice)
        try container.encodeIfPresent(reasoning, forKey: .reasoning)
        try container.encode(parentID, forKey: .parentID)
        try container.encode(created, forKey: .created)
        try container.encode(updated, forKey: .updated)
    }
}
