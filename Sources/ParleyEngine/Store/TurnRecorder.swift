public import Foundation
import ParleyGateway
import GRDB

/// Folds the `EngineEvent`s of one request (a chat turn or a comparison) into the store: the
/// assistant messages and one ledger row per attempt.
///
/// Streamed text is checkpointed: the message row is created on the first piece of text and then
/// rewritten at most once per `checkpointInterval` while text flows, and always when the attempt
/// ends. A `kill -9` mid-stream therefore loses at most about one interval of text, and since
/// every write is a transaction in WAL mode, the file stays intact.
///
/// Use one recorder per request, from one task: commit the user's message first
/// (`Store.commitUserMessage`), then feed every event of the request to `record(_:)`.
public struct TurnRecorder: Sendable {
    public let store: Store
    public let conversationID: String
    public let request: RequestID
    /// The estimated prompt tokens of each lane's request (`TokenEstimate.promptTokens`), charged
    /// to attempts that failed or were cancelled after streaming: the server never sends usage for
    /// those, yet it read the prompt. Lanes of a comparison in compare mode carry their own
    /// threads, so their prompts differ; a lane beyond the list uses the first.
    public let estimatedPromptTokens: [Int]
    public let checkpointInterval: Duration
    /// Answers of a comparison are stored as alternatives of one group.
    public let comparisonGroup: String?
    private let now: @Sendable () -> ContinuousClock.Instant
    private var lanes: [Int: LaneState] = [:]

    /// - Parameters:
    ///   - estimatedPromptTokens: per lane, in lane order (one value serves every lane).
    ///   - isComparison: set when the request's lanes compare models, so its answers are grouped.
    ///   - now: the clock for checkpoint cadence; tests pass a manual one.
    public init(store: Store, conversationID: String, request: RequestID, estimatedPromptTokens: [Int],
                isComparison: Bool = false, checkpointInterval: Duration = .seconds(1),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now })
    {
        self.store = store
        self.conversationID = conversationID
        self.request = request
        self.estimatedPromptTokens = estimatedPromptTokens
        self.checkpointInterval = checkpointInterval
        self.comparisonGroup = isComparison ? Self.comparisonGroup(of: request) : nil
        self.now = now
    }

    /// The group a comparison's answers are stored under: its request id.
    public static func comparisonGroup(of request: RequestID) -> String {
        request.uuidString.lowercased()
    }

    /// Records one event. Events of other requests are ignored.
    public mutating func record(_ event: EngineEvent) async throws {
        guard event.request == request else { return }
        let lane = event.lane
        switch event.kind {
        case .routed(let route, _, _):
            lanes[lane, default: LaneState()].route = route
        case .skipped, .retryScheduled, .fallingBack:
            break  // no request was made; the live log shows these, the ledger has no row for them
        case .attemptStarted(let model, let attempt):
            try await flushCheckpoint(lane: lane, at: event.time)
            lanes[lane, default: LaneState()].attempt = OpenAttempt(model: model, number: attempt, started: event.time)
        case .thinking(let model, let latency):
            ensureAttempt(lane: lane, model: model, at: event.time)
            lanes[lane]!.attempt!.firstTokenLatency = lanes[lane]!.attempt!.firstTokenLatency ?? latency
        case .reasoningDelta(let model, let text):
            ensureAttempt(lane: lane, model: model, at: event.time)
            lanes[lane]!.attempt!.reasoning += text
        case .firstToken(let model, let latency):
            ensureAttempt(lane: lane, model: model, at: event.time)
            lanes[lane]!.attempt!.firstTokenLatency = lanes[lane]!.attempt!.firstTokenLatency ?? latency
            lanes[lane]!.attempt!.firstAnswerLatency = latency
        case .textDelta(let model, let text):
            try await appendText(text, model: model, lane: lane, at: event.time)
        case .finished(let outcome):
            try await finish(outcome, lane: lane, at: event.time)
        case .attemptFailed(let model, let attempt, let error, let partialText):
            try await failAttempt(model: model, number: attempt, error: error, partialText: partialText,
                                  lane: lane, at: event.time)
        case .failed(let attempts):
            try await markTurnFailed(attempts: attempts, lane: lane, at: event.time)
        case .cancelled:
            // Every lane reports its own cancel (one lane of a comparison may be stopped alone),
            // so only this lane's attempt closes.
            try await cancelAttempt(lane: lane, at: event.time)
        }
    }

    // MARK: Streaming

    private mutating func appendText(_ text: String, model: ModelRef, lane: Int, at time: Date) async throws {
        ensureAttempt(lane: lane, model: model, at: time)
        lanes[lane]!.attempt!.text += text
        let attempt = lanes[lane]!.attempt!
        let instant = now()
        if attempt.messageID == nil {
            let message = StoredMessage(conversationID: conversationID, role: .assistant, content: attempt.text,
                                        model: attempt.model, status: .streaming, comparisonGroup: comparisonGroup,
                                        lane: comparisonGroup == nil ? nil : lane, created: time)
            try await store.insert(message)
            lanes[lane]!.attempt!.messageID = message.id
            lanes[lane]!.messageCount += 1
            lanes[lane]!.attempt!.lastCheckpoint = instant
        } else if let last = attempt.lastCheckpoint, instant - last >= checkpointInterval {
            try await checkpoint(lane: lane, at: time, instant: instant)
        } else {
            lanes[lane]!.attempt!.unsavedText = true
        }
    }

    /// Writes any buffered text now. The cadence is driven by arriving text, so a caller with a
    /// timer may call this when a stream stalls; the end of every attempt flushes anyway.
    public mutating func checkpointNow(at time: Date = Date()) async throws {
        for lane in lanes.keys.sorted() {
            try await flushCheckpoint(lane: lane, at: time)
        }
    }

    private mutating func flushCheckpoint(lane: Int, at time: Date) async throws {
        guard lanes[lane]?.attempt?.unsavedText == true else { return }
        try await checkpoint(lane: lane, at: time, instant: now())
    }

    private mutating func checkpoint(lane: Int, at time: Date, instant: ContinuousClock.Instant) async throws {
        guard let attempt = lanes[lane]?.attempt, let id = attempt.messageID else { return }
        let content = attempt.text
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE message SET content = ?, updated_at = ? WHERE id = ?",
                           arguments: [content, time.storedValue, id])
        }
        lanes[lane]!.attempt!.lastCheckpoint = instant
        lanes[lane]!.attempt!.unsavedText = false
        checkpointCount += 1
    }

    /// Number of checkpoint writes made (not counting the row's creation and its final write);
    /// lets tests check the cadence.
    public private(set) var checkpointCount = 0

    // MARK: Ends of attempts

    private mutating func finish(_ outcome: EngineEvent.Outcome, lane: Int, at time: Date) async throws {
        let attempt = lanes[lane]?.attempt ?? OpenAttempt(
            model: outcome.model, number: 1, started: time.addingTimeInterval(-outcome.duration.seconds))
        let message = StoredMessage(id: attempt.messageID ?? Store.newID(), conversationID: conversationID,
                                    role: .assistant, content: outcome.text, model: outcome.model, status: .complete,
                                    comparisonGroup: comparisonGroup, lane: comparisonGroup == nil ? nil : lane,
                                    created: time, updated: time)
        var cost = outcome.cost ?? outcome.usage.cost
        if cost == nil {
            cost = try await store.cachedModelInfo(for: outcome.model)?.cost(of: outcome.usage)
        }
        let entry = LedgerEntry(
            time: attempt.started, conversationID: conversationID, requestID: request, lane: lane,
            attempt: attempt.number, model: outcome.model, route: lanes[lane]?.route,
            promptTokens: outcome.usage.promptTokens, completionTokens: outcome.usage.completionTokens,
            tokensEstimated: outcome.usageEstimated, costUSD: cost,
            timeToFirstToken: outcome.timeToFirstToken ?? attempt.firstTokenLatency, duration: outcome.duration,
            outcome: .ok, messageID: message.id, cachedTokens: outcome.usage.cachedTokens,
            cacheWriteTokens: outcome.usage.cacheWriteTokens, reasoningTokens: outcome.usage.reasoningTokens,
            timeToFirstAnswer: outcome.timeToFirstAnswer ?? attempt.firstAnswerLatency)
        let existing = attempt.messageID != nil
        let reasoning = outcome.reasoning.isEmpty ? attempt.reasoning : outcome.reasoning
        try await store.pool.write { db in
            if existing {
                try Store.updateMessage(id: message.id, content: message.content, status: .complete,
                                        model: message.model, error: nil, at: time, in: db)
                try Store.touchConversation(message.conversationID, at: time, in: db)
            } else {
                try Store.insert(message, in: db)
            }
            try Store.setReasoning(reasoning, ofMessage: message.id, in: db)
            _ = try Store.insert(entry, in: db)
        }
        if !existing { lanes[lane, default: LaneState()].messageCount += 1 }
        lanes[lane, default: LaneState()].attempt = nil
    }

    private mutating func failAttempt(model: ModelRef, number: Int, error: GatewayError, partialText: String,
                                      lane: Int, at time: Date) async throws
    {
        var attempt = lanes[lane]?.attempt ?? OpenAttempt(model: model, number: number, started: time)
        // The event's text is what the Conductor saw; prefer it to our own sum of the deltas.
        if !partialText.isEmpty { attempt.text = partialText }
        let outcome: AttemptOutcome = error == .cancelled ? .cancelled : .failed
        try await closeAttempt(attempt, lane: lane, outcome: outcome, error: error, at: time)
    }

    private mutating func cancelAttempt(lane: Int, at time: Date) async throws {
        guard let attempt = lanes[lane]?.attempt else { return }
        try await closeAttempt(attempt, lane: lane, outcome: .cancelled, error: .cancelled, at: time)
    }

    /// Ends an attempt that did not succeed: its text (if any) is kept as a partial message, and
    /// its ledger row carries estimated tokens when text had streamed (the server was working,
    /// and most bill for that), or none when it failed before any text.
    private mutating func closeAttempt(_ attempt: OpenAttempt, lane: Int, outcome: AttemptOutcome,
                                       error: GatewayError, at time: Date) async throws
    {
        let hasText = !attempt.text.isEmpty
        let messageID = hasText ? (attempt.messageID ?? Store.newID()) : nil
        let lanePrompt = estimatedPromptTokens.indices.contains(lane) ? estimatedPromptTokens[lane] : estimatedPromptTokens.first
        // Thinking that streamed was billed as output like the text.
        let streamed = hasText || !attempt.reasoning.isEmpty
        let promptTokens = streamed ? lanePrompt ?? 0 : 0
        let completionTokens = streamed
            ? TokenEstimate.tokens(characters: attempt.text.count + attempt.reasoning.count) : 0
        var cost: Double? = 0
        if streamed {
            cost = try await store.cachedModelInfo(for: attempt.model)?
                .cost(promptTokens: promptTokens, completionTokens: completionTokens)
        }
        let entry = LedgerEntry(
            time: attempt.started, conversationID: conversationID, requestID: request, lane: lane,
            attempt: attempt.number, model: attempt.model, route: lanes[lane]?.route, promptTokens: promptTokens,
            completionTokens: completionTokens, tokensEstimated: streamed, costUSD: cost,
            timeToFirstToken: attempt.firstTokenLatency, duration: .seconds(time.timeIntervalSince(attempt.started)),
            outcome: outcome, errorKind: outcome == .failed ? error.kind : nil, httpStatus: error.status,
            messageID: messageID, timeToFirstAnswer: attempt.firstAnswerLatency)
        let existing = attempt.messageID != nil
        let message = messageID.map {
            StoredMessage(id: $0, conversationID: conversationID, role: .assistant, content: attempt.text,
                          model: attempt.model, status: .partial, error: error.summary,
                          comparisonGroup: comparisonGroup, lane: comparisonGroup == nil ? nil : lane,
                          created: time, updated: time)
        }
        try await store.pool.write { db in
            if let message {
                if existing {
                    try Store.updateMessage(id: message.id, content: message.content, status: .partial,
                                            model: message.model, error: message.error, at: time, in: db)
                } else {
                    try Store.insert(message, in: db)
                }
                try Store.setReasoning(attempt.reasoning, ofMessage: message.id, in: db)
            }
            _ = try Store.insert(entry, in: db)
        }
        if message != nil, !existing { lanes[lane, default: LaneState()].messageCount += 1 }
        lanes[lane, default: LaneState()].attempt = nil
    }

    /// Every attempt failed. If nothing at all was kept for this lane, a `failed` message marks
    /// the turn in the transcript, saying why.
    private mutating func markTurnFailed(attempts: [EngineEvent.AttemptSummary], lane: Int, at time: Date)
        async throws
    {
        if let open = lanes[lane]?.attempt {
            try await closeAttempt(open, lane: lane, outcome: .failed,
                                   error: attempts.last?.error ?? .network(message: "failed"), at: time)
        }
        guard (lanes[lane]?.messageCount ?? 0) == 0 else { return }
        let reason = attempts.last.map { "\($0.model): \($0.error.summary)" } ?? "every model failed"
        let message = StoredMessage(conversationID: conversationID, role: .assistant, content: "",
                                    model: attempts.last?.model, status: .failed, error: reason,
                                    comparisonGroup: comparisonGroup, lane: comparisonGroup == nil ? nil : lane,
                                    created: time)
        try await store.insert(message)
        lanes[lane, default: LaneState()].messageCount += 1
    }

    /// The lane's open attempt, starting one if the Conductor sent text without announcing it.
    private mutating func ensureAttempt(lane: Int, model: ModelRef, at time: Date) {
        if lanes[lane]?.attempt == nil {
            lanes[lane, default: LaneState()].attempt = OpenAttempt(model: model, number: 1, started: time)
        }
    }
}

extension TurnRecorder {
    struct LaneState: Sendable {
        var route: Route?
        var attempt: OpenAttempt?
        /// Messages this lane has written, to know whether a failed turn left any trace.
        var messageCount = 0
    }

    struct OpenAttempt: Sendable {
        var model: ModelRef
        var number: Int
        var started: Date
        var firstTokenLatency: Duration?
        var firstAnswerLatency: Duration?
        var text = ""
        var reasoning = ""
        var messageID: String?
        var lastCheckpoint: ContinuousClock.Instant?
        var unsavedText = false
    }
}
