import Foundation
import ParleyGateway

/// One request to send: a model, and for the `gateway` route the routing fields that let the
/// gateway pick among several models itself.
struct Hop: Sendable, Hashable {
    var model: ModelRef
    var extraBody: [String: JSONValue] = [:]
    /// The gateway may serve another model than `model`; believe `.servedBy` for the outcome.
    var gatewayChooses = false
}

/// What one attempt came to.
enum AttemptEnding: Sendable {
    case answered(EngineEvent.Outcome)
    /// `bodyStarted`: a success status had arrived and the body was being read, so the request
    /// reached the model and must not be silently repeated.
    case failed(GatewayError, partialText: String, bodyStarted: Bool)
    case cancelled
}

/// What to do after a failed attempt.
enum NextStep: Sendable, Hashable {
    case retry(after: Duration)
    case fallBack(reason: String)
}

/// Walks one lane's hops in order: attempts, retries, cool-downs, provider skips, fallbacks,
/// reporting each step as an `EngineEvent`. Runs outside the Conductor actor so streaming text
/// never waits for it; the shared state it touches (cool-downs) is its own actor.
struct ChainWalk: Sendable {
    let request: RequestID
    let lane: Int
    let messages: [ChatMessage]
    let hops: [Hop]
    /// The turn's own effort (flag or chat command), over the config's.
    var effort: ReasoningEffort? = nil
    /// The turn's temperature and token limit, field by field over the config's per-model ones.
    var parameters = RequestParameters()
    let providers: [String: Provider]
    let transport: any ChatTransport
    let catalogue: any CatalogueLookup
    let policy: ConductorPolicy
    let clock: any ConductorClock
    let coolDowns: CoolDownBoard
    let events: AsyncStream<EngineEvent>.Continuation

    func emit(_ kind: EngineEvent.Kind) {
        events.yield(EngineEvent(request: request, lane: lane, kind: kind))
    }

    /// Runs the chain to its one terminal event: `.finished`, `.failed` or `.cancelled`.
    func run(rng: inout SeededGenerator) async {
        var failures: [EngineEvent.AttemptSummary] = []
        // Providers that refused with 401/402/403: every other model of theirs would too.
        var refusedProviders: [String: String] = [:]
        var lastFailure: (model: ModelRef, reason: String)?

        for (index, hop) in hops.enumerated() {
            if Task.isCancelled { return emit(.cancelled) }
            if let why = refusedProviders[hop.model.provider] {
                emit(.skipped(model: hop.model, reason: "provider \(hop.model.provider) refused: \(why)"))
                continue
            }
            guard let provider = providers[hop.model.provider] else {
                emit(.skipped(model: hop.model, reason: "no provider named \(hop.model.provider) is configured"))
                continue
            }
            if let cooling = await coolDowns.status(of: hop.model, at: clock.now()),
               await someLaterHopIsUsable(after: index, refusedProviders: refusedProviders) {
                let left = String(format: "%.0f", cooling.left.seconds.rounded(.up))
                emit(.skipped(model: hop.model, reason: "cooling down for \(left) s after \(cooling.reason)"))
                continue
            }
            if let last = lastFailure {
                emit(.fallingBack(from: last.model, to: hop.model, reason: last.reason))
            }

            var attempt = 1
            attempts: while true {
                emit(.attemptStarted(model: hop.model, attempt: attempt))
                switch await runAttempt(hop, provider: provider) {
                case .cancelled:
                    return emit(.cancelled)
                case .answered(let outcome):
                    await coolDowns.clear(hop.model)
                    return emit(.finished(outcome))
                case .failed(let error, let partialText, let bodyStarted):
                    emit(.attemptFailed(model: hop.model, attempt: attempt, error: error, partialText: partialText))
                    failures.append(EngineEvent.AttemptSummary(model: hop.model, attempt: attempt, error: error))
                    if error.startsCoolDown {
                        await coolDowns.coolDown(hop.model, until: clock.now() + policy.coolDown,
                                                 reason: error.summary)
                    }
                    let step = nextStep(after: error, attempt: attempt, bodyStarted: bodyStarted,
                                        jitter: Double.random(in: 0..<1, using: &rng))
                    switch step {
                    case .retry(let wait):
                        emit(.retryScheduled(model: hop.model, nextAttempt: attempt + 1, wait: wait))
                        do { try await clock.sleep(for: wait) } catch { return emit(.cancelled) }
                        if Task.isCancelled { return emit(.cancelled) }
                        attempt += 1
                    case .fallBack(let reason):
                        if error.condemnsProvider { refusedProviders[hop.model.provider] = error.summary }
                        lastFailure = (hop.model, reason)
                        break attempts
                    }
                }
            }
        }
        emit(.failed(attempts: failures))
    }

    /// Whether a model after `index` could be tried now, so a cooling one may be passed over.
    /// When none could, the cooling model is the last one standing and is tried anyway.
    private func someLaterHopIsUsable(after index: Int, refusedProviders: [String: String]) async -> Bool {
        for later in hops.dropFirst(index + 1) {
            guard refusedProviders[later.model.provider] == nil, providers[later.model.provider] != nil else { continue }
            if await coolDowns.status(of: later.model, at: clock.now()) == nil { return true }
        }
        return false
    }

    /// The retry policy of research/gateway-wire.md §8.4, plus: a request whose answer had
    /// started (or that timed out waiting for one) is not repeated on the same model; the next
    /// model gets the turn instead, since retrying would restart the answer from scratch and
    /// triple the wait of a model that is not answering.
    func nextStep(after error: GatewayError, attempt: Int, bodyStarted: Bool, jitter: Double) -> NextStep {
        guard error.isRetryable else { return .fallBack(reason: error.summary) }
        if bodyStarted { return .fallBack(reason: "failed mid-answer: \(error.summary)") }
        if case .timeout(let kind) = error, kind != .connect { return .fallBack(reason: error.summary) }
        guard attempt <= policy.maxRetries else {
            return .fallBack(reason: "gave up after \(attempt) attempt\(attempt == 1 ? "" : "s"): \(error.summary)")
        }
        if let asked = error.retryAfter {
            guard asked <= policy.maxRetryAfter else {
                return .fallBack(reason: String(format: "server asks to wait %.0f s (more than %.0f s): ",
                                                asked.seconds, policy.maxRetryAfter.seconds) + error.summary)
            }
            return .retry(after: asked)
        }
        return .retry(after: policy.backoff(beforeRetry: attempt, jitter: jitter))
    }

    /// Streams one attempt, forwarding text as it comes, and measures it on the monotonic clock.
    func runAttempt(_ hop: Hop, provider: Provider) async -> AttemptEnding {
        // Precedence: the turn's effort, else the model's in the config, else the provider's.
        let sampling = parameters.over(provider.parameters(forModel: hop.model.model))
        let chatRequest = ChatRequest(model: hop.model.model, messages: messages,
                                      maxTokens: sampling.maxTokens, temperature: sampling.temperature,
                                      effort: effort ?? provider.effort(forModel: hop.model.model),
                                      extraBody: hop.extraBody)
        let clock = ContinuousClock()
        let start = clock.now
        var text = ""
        var reasoning = ""
        var chunks = 0
        var usage: Usage?
        var served: ModelRef?
        var opened = false
        var timeToFirstToken: Duration?
        var timeToFirstAnswer: Duration?
        var thinking = false
        do {
            for try await event in transport.streamChat(chatRequest, provider: provider, timeouts: policy.timeouts) {
                switch event {
                case .opened:
                    opened = true
                case .reasoning(let piece):
                    let model = served ?? hop.model
                    if !thinking {
                        thinking = true
                        let latency = start.duration(to: clock.now)
                        if timeToFirstToken == nil { timeToFirstToken = latency }
                        emit(.thinking(model: model, latency: latency))
                    }
                    reasoning += piece
                    emit(.reasoningDelta(model: model, text: piece))
                case .text(let piece):
                    let model = served ?? hop.model
                    if timeToFirstAnswer == nil {
                        let latency = start.duration(to: clock.now)
                        timeToFirstAnswer = latency
                        if timeToFirstToken == nil { timeToFirstToken = latency }
                        emit(.firstToken(model: model, latency: latency))
                    }
                    text += piece
                    chunks += 1
                    emit(.textDelta(model: model, text: piece))
                case .usage(let figures):
                    usage = figures
                case .servedBy(let id):
                    if hop.gatewayChooses, !id.isEmpty { served = ModelRef(provider: hop.model.provider, model: id) }
                case .finished:
                    break
                }
            }
        } catch {
            if Task.isCancelled { return .cancelled }
            let failure = (error as? GatewayError) ?? .network(message: String(describing: error))
            return .failed(failure, partialText: text, bodyStarted: opened || !text.isEmpty)
        }
        // A cancelled consumer ends the transport's stream quietly rather than with an error.
        if Task.isCancelled { return .cancelled }

        let model = served ?? hop.model
        let estimated = usage == nil
        // Thinking is billed as output, so an estimate counts it too.
        let figures = usage ?? Usage(
            promptTokens: TokenEstimate.promptTokens(messages),
            completionTokens: WireNumber.saturatingSum(max(TokenEstimate.tokens(in: text), chunks),
                                                       TokenEstimate.tokens(in: reasoning)))
        var cost = figures.cost
        if cost == nil {
            cost = await catalogue.modelInfo(for: model)?.cost(of: figures)
        }
        return .answered(EngineEvent.Outcome(
            model: model, text: text, usage: figures, usageEstimated: estimated, cost: cost,
            timeToFirstToken: timeToFirstToken, duration: start.duration(to: clock.now),
            reasoning: reasoning, timeToFirstAnswer: timeToFirstAnswer))
    }
}
