import Foundation
public import ParleyModel

/// Everything a comparison produced, lane by lane, and its text and JSON renderings.
public struct ComparisonReport: Sendable {
    public struct Lane: Sendable {
        public var plan: RoutePlan
        public var outcome: EngineEvent.Outcome?
        public var attempts: [EngineEvent.AttemptSummary] = []
        public var cancelled = false
        /// The last failure's streamed text, shown when the lane never answered.
        public var partialText = ""
    }

    public var lanes: [Lane]
    public var wallTime: Duration = .zero

    public init(lanes: [RoutePlan]) {
        self.lanes = lanes.map { Lane(plan: $0) }
    }

    public mutating func record(_ event: EngineEvent) {
        guard lanes.indices.contains(event.lane) else { return }
        switch event.kind {
        case .finished(let outcome): lanes[event.lane].outcome = outcome
        case .attemptFailed(let model, let attempt, let error, let partial):
            lanes[event.lane].attempts.append(.init(model: model, attempt: attempt, error: error))
            if !partial.isEmpty { lanes[event.lane].partialText = partial }
        case .cancelled: lanes[event.lane].cancelled = true
        default: break
        }
    }

    public static func title(_ lane: Lane) -> String {
        lane.outcome?.model.description ?? lane.plan.chain.map(\.description).joined(separator: ",")
    }

    public func outcomeWord(_ lane: Lane) -> String {
        if let outcome = lane.outcome {
            let fellBack = outcome.model != lane.plan.chain.first && !lane.attempts.isEmpty
            return fellBack ? "ok after \(lane.attempts.count) failed" : "ok"
        }
        if lane.cancelled { return "cancelled" }
        return "failed: " + (lane.attempts.last?.error.kind ?? "no model tried")
    }

    public func answers(makeVisible: Bool) -> String {
        var out = ""
        for (index, lane) in lanes.enumerated() {
            out += "=== [\(index + 1)] \(Self.title(lane)) ===\n"
            if let outcome = lane.outcome {
                out += makeVisible ? TextSanitizer.makeVisible(outcome.text) : outcome.text
            } else if let last = lane.attempts.last {
                if !lane.partialText.isEmpty {
                    out += (makeVisible ? TextSanitizer.makeVisible(lane.partialText) : lane.partialText) + " [partial]\n"
                }
                out += "(no answer: \(last.model) \(last.error.summary))"
            } else {
                out += lane.cancelled ? "(cancelled)" : "(no answer)"
            }
            out += "\n\n"
        }
        return out
    }

    public func table() -> String {
        let rows: [[String]] = lanes.enumerated().map { index, lane in
            let o = lane.outcome
            return [
                "\(index + 1)",
                Self.title(lane),
                o?.timeToFirstToken.map { String(format: "%.2f s", $0.seconds) } ?? "-",
                o?.tokensPerSecond.map { String(format: "%.0f", $0) } ?? "-",
                o.map { "\($0.usage.completionTokens)" + ($0.usageEstimated ? "~" : "") } ?? "-",
                o?.cost.map(USD.format) ?? "-",
                outcomeWord(lane),
            ]
        }
        return TextTable.render(header: ["#", "model", "ttft", "tok/s", "tokens", "cost", "outcome"], rows: rows,
                                rightAligned: [0, 2, 3, 4, 5])
            + String(format: "wall time %.2f s (~ = estimated tokens)\n", wallTime.seconds)
    }

    public func json() -> String {
        func ms(_ d: Duration?) -> JSONValue { d.map { .number(($0.seconds * 1000).rounded()) } ?? .null }
        let laneObjects: [JSONValue] = lanes.enumerated().map { index, lane in
            var object: [String: JSONValue] = [
                "lane": .number(Double(index + 1)),
                "requested": .array(lane.plan.chain.map { .string($0.description) }),
                "ok": .bool(lane.outcome != nil),
                "cancelled": .bool(lane.cancelled),
                "attempts_failed": .array(lane.attempts.map { attempt in
                    .object([
                        "model": .string(attempt.model.description),
                        "attempt": .number(Double(attempt.attempt)),
                        "kind": .string(attempt.error.kind),
                        "status": attempt.error.status.map { .number(Double($0)) } ?? .null,
                        "message": .string(attempt.error.message),
                    ])
                }),
            ]
            if let o = lane.outcome {
                object["model"] = .string(o.model.description)
                object["text"] = .string(o.text)
                object["reasoning"] = .string(o.reasoning)
                object["usage"] = AskReport.usageJSON(o.usage, estimated: o.usageEstimated)
                object["first_answer_ms"] = ms(o.timeToFirstAnswer)
                object["cost_usd"] = o.cost.map { .number($0) } ?? .null
                object["first_token_ms"] = ms(o.timeToFirstToken)
                object["total_ms"] = ms(o.duration)
                object["tokens_per_second"] = o.tokensPerSecond.map { .number(($0 * 10).rounded() / 10) } ?? .null
            } else {
                object["model"] = .null
                object["text"] = .null
                object["partial_text"] = lane.partialText.isEmpty ? .null : .string(lane.partialText)
            }
            return .object(object)
        }
        let root: JSONValue = .object(["lanes": .array(laneObjects), "wall_ms": ms(wallTime)])
        return (try? JSONOutput.string(root)) ?? "{}"
    }
}
