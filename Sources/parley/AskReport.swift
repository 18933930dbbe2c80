import Foundation
import ParleyGateway

/// What `parley ask --json` prints: one object a script can rely on.
struct AskReport {
    var model: ModelRef
    var servedBy: String?
    var text = ""
    var usage: Usage?
    var usageEstimated = false
    var cost: Double?
    var timeToFirstToken: Duration?
    var duration: Duration?
    var error: GatewayError?
    var attempts: [JSONValue] = []

    init(model: ModelRef) { self.model = model }

    func json() -> String {
        var object: [String: JSONValue] = [
            "model": .string(model.description),
            "text": .string(text),
            "ok": .bool(error == nil),
        ]
        if let servedBy { object["served_by"] = .string(servedBy) }
        if let usage {
            object["usage"] = .object([
                "prompt_tokens": .number(Double(usage.promptTokens)),
                "completion_tokens": .number(Double(usage.completionTokens)),
                "total_tokens": .number(Double(usage.totalTokens)),
                "estimated": .bool(usageEstimated),
            ])
        } else {
            object["usage"] = .null
        }
        object["cost_usd"] = (cost ?? usage?.cost).map { .number($0) } ?? .null
        var timings: [String: JSONValue] = [:]
        timings["first_token_ms"] = timeToFirstToken.map { .number(($0.seconds * 1000).rounded()) } ?? .null
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
        if !attempts.isEmpty { object["attempts"] = .array(attempts) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
