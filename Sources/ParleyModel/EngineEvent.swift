public import Foundation

/// Identifies one request the Conductor runs (a chat turn or a comparison).
public typealias RequestID = UUID

/// Everything the Conductor tells its callers, in the order it happens. The fallback log pane,
/// `parley ask --verbose` and the usage view are all renderings of these.
public struct EngineEvent: Sendable, Hashable {
    public var request: RequestID
    /// The comparison lane (0 for an ordinary chat turn).
    public var lane: Int
    public var time: Date
    public var kind: Kind

    public init(request: RequestID, lane: Int = 0, time: Date = Date(), kind: Kind) {
        self.request = request
        self.lane = lane
        self.time = time
        self.kind = kind
    }

    public enum Kind: Sendable, Hashable {
        /// The route picked this order of models, and why (e.g. "cheapest: $0.15/M in, $0.60/M out").
        case routed(route: Route, order: [ModelRef], reason: String)
        /// A model was passed over without a request (cooling down, provider refused earlier).
        case skipped(model: ModelRef, reason: String)
        /// An attempt began. `attempt` counts from 1 per model.
        case attemptStarted(model: ModelRef, attempt: Int)
        /// The first piece of the model's thinking arrived, this long after the attempt started
        /// (the fallback log's `thinking` line). Only for models that think.
        case thinking(model: ModelRef, latency: Duration)
        /// The first piece of answer text arrived, this long after the attempt started.
        case firstToken(model: ModelRef, latency: Duration)
        /// A piece of the model's thinking, shown apart from the answer (may be "" for encrypted
        /// reasoning, which shows nothing).
        case reasoningDelta(model: ModelRef, text: String)
        case textDelta(model: ModelRef, text: String)
        /// An attempt failed. `partialText` is what it had streamed before failing ("" if nothing);
        /// that text is kept and marked as partial.
        case attemptFailed(model: ModelRef, attempt: Int, error: GatewayError, partialText: String)
        /// The same model will be tried again after `wait`.
        case retryScheduled(model: ModelRef, nextAttempt: Int, wait: Duration)
        /// Moving on along the chain.
        case fallingBack(from: ModelRef, to: ModelRef, reason: String)
        /// The request succeeded.
        case finished(Outcome)
        /// Every model of the chain failed; one entry per attempt, in order.
        case failed(attempts: [AttemptSummary])
        case cancelled
    }

    /// The answer that ended a request successfully.
    public struct Outcome: Sendable, Hashable {
        public var model: ModelRef
        public var text: String
        /// The model's thinking ("" when it sent none): stored with the message, never re-sent.
        public var reasoning: String
        public var usage: Usage
        /// True when the token counts were estimated because the server sent none.
        public var usageEstimated: Bool
        /// USD; `nil` when neither the server nor the catalogue knew a price.
        public var cost: Double?
        /// Until the first token of any kind, thinking included: when the stream started.
        public var timeToFirstToken: Duration?
        /// Until the first piece of answer text (later than `timeToFirstToken` for a model that thinks).
        public var timeToFirstAnswer: Duration?
        public var duration: Duration

        public init(model: ModelRef, text: String, usage: Usage, usageEstimated: Bool, cost: Double?,
                    timeToFirstToken: Duration?, duration: Duration, reasoning: String = "",
                    timeToFirstAnswer: Duration? = nil) {
            self.model = model
            self.text = text
            self.reasoning = reasoning
            self.timeToFirstAnswer = timeToFirstAnswer ?? (reasoning.isEmpty ? timeToFirstToken : nil)
            self.usage = usage
            self.usageEstimated = usageEstimated
            self.cost = cost
            self.timeToFirstToken = timeToFirstToken
            self.duration = duration
        }

        /// Completion tokens per second of streaming after the first token, when measurable.
        public var tokensPerSecond: Double? {
            guard let ttft = timeToFirstToken else { return nil }
            let streaming = (duration - ttft).seconds
            guard streaming > 0.001, usage.completionTokens > 0 else { return nil }
            return Double(usage.completionTokens) / streaming
        }
    }

    /// One failed attempt, for the final error of a chain that failed.
    public struct AttemptSummary: Sendable, Hashable {
        public var model: ModelRef
        public var attempt: Int
        public var error: GatewayError

        public init(model: ModelRef, attempt: Int, error: GatewayError) {
            self.model = model
            self.attempt = attempt
            self.error = error
        }
    }
}
