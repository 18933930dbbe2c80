extension PlatformDialect {
    /// Azure deployments named `filtered-MODEL` answer as MODEL until the content filter stops them.
    static let filteredPrefix = "filtered-"

    /// Rewrites a planned answer into this platform's: error statuses and bodies, and Azure's
    /// content-filter chunks around the stream.
    func adapt(_ plan: ResponsePlan, filtered: Bool) -> ResponsePlan {
        guard case .head(let status, let headers)? = plan.steps.first else { return plan }
        if status >= 400 { return adaptError(status: status, headers: headers) ?? plan }
        guard self == .azure, headers.contains(where: { $0.0 == "content-type" && $0.1.hasPrefix("text/event-stream") })
        else { return plan }
        return Self.azureStream(plan, filtered: filtered)
    }

    /// First a `choices: []` chunk with only `prompt_filter_results`; before `[DONE]` a chunk whose
    /// choice has no `delta`, only `content_filter_results` and `content_filter_offsets`. A filtered
    /// deployment ends after three tokens with `finish_reason: "content_filter"`.
    static func azureStream(_ plan: ResponsePlan, filtered: Bool) -> ResponsePlan {
        var out = plan
        out.steps = []
        var tokens = 0
        for step in plan.steps {
            switch step {
            case .head:
                out.steps.append(step)
                out.write(event(promptFilterChunk))
            case .write(let text, let count) where text.hasPrefix("data: [DONE]"):
                out.write(event(trailingFilterChunk(filtered: false)))
                out.steps.append(.write(text, contentTokens: count))
            case .write(_, let count) where filtered && count > 0 && tokens >= 3:
                out.write(event(trailingFilterChunk(filtered: true)))
                out.write("data: [DONE]\n\n")
                out.steps.append(.end(completed: true))
                return out
            case .write(_, let count):
                tokens += count
                out.steps.append(step)
            default:
                out.steps.append(step)
            }
        }
        return out
    }

    private static func event(_ json: WireJSON) -> String { "data: \(json.text)\n\n" }

    private static func verdicts(flagging category: String?) -> WireJSON {
        .object(["hate", "self_harm", "sexual", "violence"].map { name in
            let flagged = name == category
            return (name, .object([("filtered", .bool(flagged)), ("severity", .string(flagged ? "high" : "safe"))]))
        })
    }

    private static var promptFilterChunk: WireJSON {
        .object([("choices", .array([])), ("created", 0), ("id", ""), ("model", ""), ("object", ""),
                 ("prompt_filter_results", .array([.object([("prompt_index", 0),
                                                            ("content_filter_results", verdicts(flagging: nil))])]))])
    }

    private static func trailingFilterChunk(filtered: Bool) -> WireJSON {
        let choice: WireJSON = .object([
            ("content_filter_offsets", .object([("check_offset", 0), ("start_offset", 0), ("end_offset", 40)])),
            ("content_filter_results", verdicts(flagging: filtered ? "violence" : nil)),
            ("finish_reason", filtered ? "content_filter" : .null), ("index", 0),
        ])
        return .object([("choices", .array([choice])), ("created", 0), ("id", ""), ("model", ""), ("object", "")])
    }
}
