public import Foundation

/// Renders engine events as the fallback log shows them, one line each:
/// `12:00:01.234 demo:rate-limited  429 rate limited (retry in 1.0 s): slow down`.
/// Used by the TUI's fallback log pane and by `parley ask --verbose`.
public enum EngineEventLog {
    /// The line for `event`, or nil for text deltas (the answer pane shows those, not the log).
    /// `showLane` prefixes the comparison lane, e.g. `[2] `.
    public static func line(_ event: EngineEvent, timeZone: LocalZone = .system, showLane: Bool = false) -> String? {
        guard let (subject, message) = describe(event.kind) else { return nil }
        let lane = showLane ? "[\(event.lane + 1)] " : ""
        // The line goes to a terminal (`-v`, the log pane): whatever a model id or a message
        // carries, no byte of it may start an escape sequence.
        let safe = TextSanitizer.makeVisible("\(subject)  \(message)", keepingNewlines: false, escapingInvisibles: true)
        return "\(timeZone.clockTime(event.time)) \(lane)\(safe)"
    }

    /// Who the event is about and what happened, without the time.
    public static func describe(_ kind: EngineEvent.Kind) -> (subject: String, message: String)? {
        switch kind {
        case .routed(let route, let order, let reason):
            return ("route:\(route)", "\(order.map(\.description).joined(separator: " → ")) (\(reason))")
        case .skipped(let model, let reason):
            return (model.description, "skipped: \(reason)")
        case .attemptStarted(let model, let attempt):
            return (model.description, attempt == 1 ? "sending" : "attempt \(attempt)")
        case .thinking(let model, let latency):
            return (model.description, "thinking (first token after \(seconds(latency)))")
        case .firstToken(let model, let latency):
            return (model.description, "first token after \(seconds(latency))")
        case .textDelta, .reasoningDelta:
            return nil
        case .attemptFailed(let model, _, let error, let partialText):
            var message = error.summary
            if !partialText.isEmpty { message += " (after \(partialText.count) characters, kept as partial)" }
            return (model.description, message)
        case .retryScheduled(let model, let nextAttempt, let wait):
            return (model.description, "retry (attempt \(nextAttempt)) in \(seconds(wait))")
        case .fallingBack(let from, let to, let reason):
            return (from.description, "falling back to \(to): \(reason)")
        case .finished(let outcome):
            return (outcome.model.description, "done: " + summary(outcome))
        case .failed(let attempts):
            let models = Set(attempts.map(\.model)).count
            func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
            return ("request", "every model failed (\(counted(attempts.count, "attempt")) on \(counted(models, "model")))")
        case .cancelled:
            return ("request", "cancelled")
        }
    }

    /// `57 tokens (estimated), $0.00012, first token 0.40 s, 2.1 s, 27 tok/s`; a model that
    /// thought adds its reasoning and cached tokens and when the answer began.
    public static func summary(_ outcome: EngineEvent.Outcome) -> String {
        var parts = ["\(outcome.usage.completionTokens) tokens" + (outcome.usageEstimated ? " (estimated)" : "")]
        if let reasoning = outcome.usage.reasoningTokens, reasoning > 0 { parts.append("\(reasoning) reasoning") }
        if let cached = outcome.usage.cachedTokens, cached > 0 { parts.append("\(cached) cached") }
        if let cost = outcome.cost { parts.append(USD.format(cost)) }
        if let ttft = outcome.timeToFirstToken { parts.append("first token \(seconds(ttft))") }
        if !outcome.reasoning.isEmpty, let answer = outcome.timeToFirstAnswer {
            parts.append("answer after \(seconds(answer))")
        }
        parts.append(seconds(outcome.duration))
        if let rate = outcome.tokensPerSecond { parts.append(String(format: "%.0f tok/s", rate)) }
        return parts.joined(separator: ", ")
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f s", duration.seconds)
    }
}
