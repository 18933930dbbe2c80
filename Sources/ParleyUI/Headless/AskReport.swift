import Foundation
public import ParleyModel

/// What `parley ask --json` prints: one object a script can rely on.
public struct AskReport: Sendable {
    public var model: ModelRef
    public var servedBy: String?
    public var text = ""
    /// The model's thinking ("" when it sent none).
    public var reasoning = ""
    public var usage: Usage?
    public var usageEstimated = false
    public var cost: Double?
    public var timeToFirstToken: Duration?
    public var timeToFirstAnswer: Duration?
    public var duration: Duration?
    public var error: GatewayError?
    public var attempts: [JSONValue] = []
    public var conversationID: String?

    public init(model: ModelRef) { self.model = model }

    /// The `attempts` entries an event contributes: one per finished or failed attempt.
    public static func attemptJSON(_ event: EngineEvent) -> [JSONValue] {
        switch event.kind {
        case .attemptFailed(let model, let attempt, let error, let partial):
            return [.object([
                "model": .string(model.description), "attempt": .number(Double(attempt)), "ok": .bool(false),
                "error": .object(["kind": .string(error.kind), "status": error.status.map { .number(Double($0)) } ?? .null,
                                  "message": .string(error.message)]),
                "partial_text_chars": .number(Double(partial.count)),
            ])]
        case .finished(let outcome):
            return [.object([
                "model": .string(outcome.model.description), "ok": .bool(true),
                "completion_tokens": .number(Double(outcome.usage.completionTokens)),
                "first_token_ms": outcome.timeToFirstToken.map { .number(($0.seconds * 1000).rounded()) } ?? .null,
                "total_ms": .number((outcome.duration.seconds * 1000).rounded()),
            ])]
        case .skipped(let model, let reason):
            return [.object(["model": .string(model.description), "skipped": .string(reason)])]
        default:
            return []
        }
    }

    /// `usage` as `--json` prints it (ask and compare): the counts, and the details that price
    /// them as `null` when the server did not report them.
    public static func usageJSON(_ usage: Usage, estimated: Bool) -> JSONValue {
        func count(_ n: Int?) -> JSONValue { n.map { .number(Double($0)) } ?? .null }
        return .object([
            "prompt_tokens": .number(Double(usage.promptTokens)),
            "completion_tokens": .number(Double(usage.completionTokens)),
            "total_tokens": .number(Double(usage.totalTokens)),
            "cached_tokens": count(usage.cachedTokens),
            "cache_write_tokens": count(usage.cacheWriteTokens),
            "reasoning_tokens": count(usage.reasoningTokens),
            "estimated": .bool(estimated),
        ])
    }

    public func json() -> String {
        var object: [String: JSONValue] = [
            "model": .string(model.description),
            "text": .string(text),
            "reasoning": .string(reasoning),
            "ok": .bool(error == nil),
        ]
        if let servedBy { object["served_by"] = .string(servedBy) }
        if let usage {
            object["usage"] = Self.usageJSON(usage, estimated: usageEstimated)
        } else {
            object["usage"] = .null
        }
        object["cost_usd"] = (cost ?? usage?.cost).map { .number($0) } ?? .null
        var timings: [String: JSONValue] = [:]
        timings["first_token_ms"] = timeToFirstToken.map { .number(($0.seconds * 1000).rounded()) } ?? .null
        timings["first_answer_ms"] = timeToFirstAnswer.map { .number(($0.seconds * 1000).rounded()) } ?? .null
        timings["total_ms"] = duration.map { .number(($0.seconds * 1000).rounded()) } ?? .null
        object["timings"] = .object(timings)
        if let error {
            object["error"] = .object([
                "kind": .string(error.kind),
                "status": error.status.map { .number(Double($0)) } ?? .null,
                "message": .string(error.message),
            ])
        } else {
            object["error"] = .null
        }
        object["attempts"] = .array(attempts)
        if let conversationID { object["conversation"] = .string(conversationID) }
        return (try? JSONOutput.string(object)) ?? "{}"
    }
}
