import Foundation

/// Token counts and cost of one answer, as reported in `usage`.
struct Usage: Sendable, Equatable {
    let promptTokens: Int
    /// Reasoning included.
    let completionTokens: Int
    let cost: Decimal
    /// Prompt tokens served from the (simulated) prompt cache.
    var cachedTokens = 0
    /// Completion tokens spent thinking.
    var reasoningTokens = 0
}

/// Writes the JSON chunks and SSE events of one streamed answer in the dialect of the server a
/// model imitates. Field order and `null`s follow the real servers' captures
/// (shared/fixtures/wire/) and documentation.
struct ChunkWriter: Sendable {
    let dialect: ModelScript.Dialect
    let framing: ModelScript.Framing
    let id: String
    let created: Int
    let model: String
    /// The client sent `stream_options.include_usage: true`.
    let includeUsage: Bool
    /// How the model thinks, if it does: DeepSeek reports its prompt cache its own way.
    var thinking: ModelScript.Thinking? = nil

    // MARK: SSE framing

    /// One SSE event carrying `payload` in its `data` field.
    func event(_ payload: WireJSON) -> String { event(data: payload.text) }

    func event(data: String) -> String {
        switch framing {
        case .lf:
            return "data: " + data + "\n\n"
        case .crlfMultiline:
            // Several `data:` lines join with "\n", which is whitespace to JSON, so splitting the
            // payload after its top-level commas keeps it valid once reassembled.
            let lines = Self.splitAfterTopLevelCommas(data).map { "data: " + $0 }
            return lines.joined(separator: "\r\n") + "\r\n\r\n"
        }
    }

    func comment(_ text: String) -> String {
        ": " + text + (framing == .lf ? "\n\n" : "\r\n\r\n")
    }

    /// The end marker. CRLF-framed streams leave out the final blank line, as one llama.cpp build
    /// was seen to do: clients must flush their parser at EOF.
    var done: String {
        framing == .lf ? "data: [DONE]\n\n" : "data: [DONE]\r\n"
    }

    // MARK: Chunks

    /// The first chunk: the role, no text.
    func roleChunk() -> WireJSON {
        let delta: WireJSON = switch dialect {
        case .openAI: .object([("role", "assistant"), ("content", ""), ("refusal", .null)])
        case .openRouter, .liteLLM: .object([("role", "assistant"), ("content", "")])
        case .llamaServer: .object([("role", "assistant"), ("content", .null)])
        case .llamaCppPython: .object([("role", "assistant")])
        }
        return chunk(delta: delta, finishReason: nil)
    }

    func contentChunk(_ text: String) -> WireJSON {
        chunk(delta: .object([("content", .string(text))]), finishReason: nil)
    }

    /// A piece of thinking in the given reasoning dialect.
    func reasoningChunk(_ text: String, style: ModelScript.Thinking, index: Int) -> WireJSON {
        switch style {
        case .deepseek:
            return chunk(delta: .object([("content", .null), ("reasoning_content", .string(text))]), finishReason: nil)
        case .openrouter:
            let detail: WireJSON = .object([("type", "reasoning.text"), ("text", .string(text)),
                                            ("format", "unknown"), ("index", 0)])
            return chunk(delta: .object([("role", "assistant"), ("content", ""), ("reasoning", .string(text)),
                                         ("reasoning_details", .array([detail]))]), finishReason: nil)
        case .ollama:
            return chunk(delta: .object([("role", "assistant"), ("content", ""), ("reasoning", .string(text))]),
                         finishReason: nil)
        case .tags:
            return contentChunk(text)
        }
    }

    /// The chunk with `finish_reason` and an empty delta; llama-server puts usage on it.
    func finishChunk(reason: String, usage: Usage) -> WireJSON {
        guard dialect == .llamaServer else { return chunk(delta: .object([]), finishReason: reason) }
        let timings: WireJSON = .object([
            ("prompt_n", .int(usage.promptTokens)), ("prompt_ms", .number("12.5")),
            ("predicted_n", .int(usage.completionTokens)), ("predicted_ms", .number("250.0")),
        ])
        return chunk(delta: .object([]), finishReason: reason,
                     extra: [("usage", usageJSON(usage)), ("timings", timings)])
    }

    /// The separate usage chunk that follows the finish chunk, if this dialect sends one.
    func trailingUsageChunk(_ usage: Usage) -> WireJSON? {
        switch dialect {
        case .openAI where includeUsage:
            return .object(header + [("system_fingerprint", "fp_parleysim"), ("choices", .array([])),
                                     ("usage", usageJSON(usage))])
        case .openRouter:
            // OpenRouter always sends usage; `include_usage` is accepted and ignored.
            return .object(header + [("provider", "ParleySim"), ("choices", .array([])),
                                     ("usage", usageJSON(usage))])
        case .liteLLM where includeUsage:
            return .object(header + [("choices", .array([.object([("index", 0), ("delta", .object([]))])])),
                                     ("usage", usageJSON(usage))])
        default:
            return nil
        }
    }

    /// The `usage` object in this dialect.
    func usageJSON(_ usage: Usage) -> WireJSON {
        let total = usage.promptTokens + usage.completionTokens
        var members: [(String, WireJSON)] = [
            ("prompt_tokens", .int(usage.promptTokens)),
            ("completion_tokens", .int(usage.completionTokens)),
            ("total_tokens", .int(total)),
        ]
        let cached = WireJSON.int(usage.cachedTokens), reasoning = WireJSON.int(usage.reasoningTokens)
        switch dialect {
        case .openAI where thinking == .deepseek:
            members += [("prompt_cache_hit_tokens", cached),
                        ("prompt_cache_miss_tokens", .int(usage.promptTokens - usage.cachedTokens)),
                        ("completion_tokens_details", .object([("reasoning_tokens", reasoning)]))]
        case .openAI:
            members += [("prompt_tokens_details", .object([("cached_tokens", cached)])),
                        ("completion_tokens_details", .object([("reasoning_tokens", reasoning)]))]
        case .openRouter:
            members += [("prompt_tokens_details", .object([("cached_tokens", cached), ("cache_write_tokens", 0)])),
                        ("completion_tokens_details", .object([("reasoning_tokens", reasoning)])),
                        ("cost", .decimal(usage.cost)), ("is_byok", false)]
        case .liteLLM:
            members += [("completion_tokens_details",
                         .object([("reasoning_tokens", reasoning),
                                  ("text_tokens", .int(usage.completionTokens - usage.reasoningTokens))]))]
        case .llamaServer:
            members += [("prompt_tokens_details", .object([("cached_tokens", cached)]))]
        case .llamaCppPython:
            break
        }
        return .object(members)
    }

    /// The error event a mid-stream failure sends (the HTTP status stays 200).
    func streamError(_ style: ModelScript.StreamErrorStyle) -> String {
        switch style {
        case .openRouter:
            let error: WireJSON = .object([
                ("code", 502),
                ("message", "Upstream provider returned an error mid-stream (simulated)."),
                ("metadata", .object([("error_type", "provider_unavailable")])),
            ])
            let choice: WireJSON = .object([
                ("index", 0), ("delta", .object([("content", "")])),
                ("finish_reason", "error"), ("native_finish_reason", "error"),
            ])
            return event(.object(header + [("provider", "ParleySim"), ("error", error),
                                           ("choices", .array([choice]))]))
        case .liteLLM:
            return event(.object([("error", .object([
                ("message", "litellm.InternalServerError: InternalServerError: OpenAIException - simulated failure mid-stream"),
                ("type", "internal_server_error"), ("param", .null), ("code", "500"),
            ]))]))
        case .legacyLlamaCpp:
            // An SSE field named `error`: spec-conforming parsers ignore it and see a short stream.
            let error: WireJSON = .object([
                ("code", 400),
                ("message", "the request exceeds the available context size, try increasing it"),
                ("type", "invalid_request_error"),
            ])
            return "error: " + error.text + "\n\n" + done
        }
    }

    // MARK: Chunk skeletons

    private var header: [(String, WireJSON)] {
        [("id", .string(id)), ("object", "chat.completion.chunk"), ("created", .int(created)), ("model", .string(model))]
    }

    private func chunk(delta: WireJSON, finishReason: String?, extra: [(String, WireJSON)] = []) -> WireJSON {
        switch dialect {
        case .openAI:
            let choice: WireJSON = .object([("index", 0), ("delta", delta), ("logprobs", .null),
                                            ("finish_reason", finishReason.json)])
            var members = header + [("system_fingerprint", "fp_parleysim"), ("choices", .array([choice]))]
            if includeUsage { members.append(("usage", .null)) }  // as OpenAI does until the last chunk
            return .object(members + extra)
        case .openRouter:
            let choice: WireJSON = .object([("index", 0), ("delta", delta), ("finish_reason", finishReason.json),
                                            ("native_finish_reason", finishReason.json)])
            return .object(header + [("provider", "ParleySim"), ("choices", .array([choice]))] + extra)
        case .llamaServer:
            let choice: WireJSON = .object([("finish_reason", finishReason.json), ("index", 0), ("delta", delta)])
            return .object([("choices", .array([choice])), ("created", .int(created)), ("id", .string(id)),
                            ("model", .string(model)), ("system_fingerprint", "b1-parleysim"),
                            ("object", "chat.completion.chunk")] + extra)
        case .llamaCppPython:
            let choice: WireJSON = .object([("index", 0), ("delta", delta), ("logprobs", .null),
                                            ("finish_reason", finishReason.json)])
            return .object([("id", .string(id)), ("model", .string(model)), ("created", .int(created)),
                            ("object", "chat.completion.chunk"), ("choices", .array([choice]))] + extra)
        case .liteLLM:
            let choice: WireJSON = .object([("index", 0), ("delta", delta), ("finish_reason", finishReason.json)])
            return .object(header + [("choices", .array([choice]))] + extra)
        }
    }

    static func splitAfterTopLevelCommas(_ json: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        var escaped = false
        for character in json {
            current.append(character)
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true
            case "{", "[": depth += 1
            case "}", "]": depth -= 1
            case "," where depth == 1:
                lines.append(current)
                current = ""
            default: break
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
