public import ParleyModel

/// Turns an effort into the request fields each kind of endpoint reads
/// (research/gateway-wire.md §9 and research/cloud-platforms.md). Each preset gets the shape its
/// own docs give; servers ignore the fields they do not know, so nothing else is sent.
public enum ReasoningEffortFields {
    /// The top-level body fields for `effort` on `preset`. `maxTokens` is the request's own limit,
    /// which Anthropic's thinking budget has to stay under.
    public static func fields(_ effort: ReasoningEffort, preset: Provider.Preset,
                              maxTokens: Int? = nil) -> [String: JSONValue] {
        let level = JSONValue.string(effort.rawValue)
        switch preset {
        case .openrouter, .demo, .zenmux:
            // OpenRouter's unified `reasoning` object; ZenMux takes the same shape. The simulator
            // behind the demo imitates OpenRouter.
            return ["reasoning": effort == .off ? .object(["enabled": .bool(false)]) : .object(["effort": level])]
        case .deepseek:
            // Thinking is on by default on V4; `thinking.type` is the switch, `reasoning_effort`
            // the strength (DeepSeek maps medium to high itself). No effort goes with "disabled".
            if effort == .off { return ["thinking": .object(["type": .string("disabled")])] }
            return ["thinking": .object(["type": .string("enabled")]), "reasoning_effort": level]
        case .llamacpp:
            // Qwen-style templates read `enable_thinking`; gpt-oss's reads `reasoning_effort`.
            // Recent llama-server builds also read a top-level `reasoning_effort` ("none" = off).
            if effort == .off {
                return ["chat_template_kwargs": .object(["enable_thinking": .bool(false)]),
                        "reasoning_effort": .string("none")]
            }
            return ["chat_template_kwargs": .object(["enable_thinking": .bool(true), "reasoning_effort": level]),
                    "reasoning_effort": level]
        case .anthropic:
            // The compatibility layer ignores `reasoning_effort` and takes Anthropic's own
            // `thinking` with a token budget, which must be ≥ 1024 and below `max_tokens`.
            // Thinking is off unless asked for, so off sends nothing.
            guard effort != .off else { return [:] }
            let budget = anthropicBudget(effort)
            var fields: [String: JSONValue] = [
                "thinking": .object(["type": .string("enabled"), "budget_tokens": .number(Double(budget))]),
            ]
            if (maxTokens ?? 0) <= budget { fields["max_tokens"] = .number(Double(budget + 4096)) }
            return fields
        case .openai, .azure, .bedrock, .vertex, .gemini, .ollama, .lmstudio, .litellm, .custom:
            // The OpenAI field. "none" turns thinking off on OpenAI (gpt-5.1 on), Ollama,
            // llama.cpp, Gemini and Vertex; a model that cannot stop thinking answers 400.
            return ["reasoning_effort": effort == .off ? .string("none") : level]
        }
    }

    /// Anthropic's thinking budget in tokens for an effort (its minimum is 1024).
    static func anthropicBudget(_ effort: ReasoningEffort) -> Int {
        switch effort {
        case .off, .low: return 1024
        case .medium: return 4096
        case .high: return 16_384
        }
    }
}
