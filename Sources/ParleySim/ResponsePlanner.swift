/// Turns one chat request to one scripted model into a `ResponsePlan`. Pure: the same inputs give
/// the same plan, which is what makes the simulator deterministic and testable without a socket.
struct ResponsePlanner: Sendable {
    let request: ChatRequest
    /// The catalogue entry the `model` field names.
    let model: SimModel
    /// Its script, with the parameters of the model name applied.
    let script: ModelScript
    /// How many times this conversation has been sent to this model, this one included.
    let attempt: Int
    /// A per-server request number, used for ids.
    let serial: Int
    /// Unix seconds for `created`.
    let created: Int
    /// The path and host the request was sent to (for the redirecting models).
    var target = RequestTarget()

    func plan() -> ResponsePlan {
        switch script.effectiveBehaviour {
        case .httpError(let status):
            let retryAfter = status == 429 || status == 503 ? script.retryAfter : nil
            return ErrorResponse.plan(status: status, dialect: script.dialect, retryAfter: retryAfter)
        case .flaky where attempt <= script.failures:
            return ErrorResponse.plan(status: 503, dialect: script.dialect, retryAfter: script.retryAfter)
        case .silent:
            return ResponsePlan(steps: [.hang])
        case .hostile(let kind):
            if let plan = HostileModels.plan(kind, script: script, target: target) { return plan }
            return request.isStreaming ? streamedAnswer() : wholeAnswer()
        default:
            return request.isStreaming ? streamedAnswer() : wholeAnswer()
        }
    }

    // MARK: - The answer

    private var seed: UInt64 { stableHash([model.id] + request.conversationKey) }

    private var answerTokens: (tokens: [String], finishReason: String) {
        if case .hostile(.bigAnswer) = script.behaviour {
            return (HostileModels.bigAnswer(megabytes: script.megabytes ?? 20), "stop")
        }
        var tokens: [String] = switch script.content {
        case .prose: AnswerWriter.prose(prompt: request.prompt, model: model.id, seed: seed, tokenCount: script.chunks)
        case .code: AnswerWriter.code(seed: seed, tokenCount: script.chunks)
        case .echo: AnswerWriter.echo(prompt: request.prompt)
        case .recall: AnswerWriter.recall(request.messages.last { $0.role == "assistant" }?.content)
        case .escapes: AnswerWriter.escapes(prompt: request.prompt, model: model.id, seed: seed)
        }
        if script.content != .prose, script.content != .code, let chunks = script.chunks { tokens = Array(tokens.prefix(chunks)) }
        if let limit = request.tokenLimit, limit < tokens.count {
            return (Array(tokens.prefix(max(0, limit))), "length")
        }
        return (tokens, "stop")
    }

    /// The answer's usage; a thinking model's reasoning counts as completion, and it reports a
    /// prompt cache: from the second turn of a conversation on, half the prompt was seen before.
    private func usage(completionTokens: Int) -> Usage {
        let thinks = script.thinking != nil
        let reasoning = thinks ? thoughtTokens.count : 0
        let cached = thinks && request.messages.count > 1 ? request.promptTokens / 2 : 0
        let completion = completionTokens + reasoning
        var usage = Usage(promptTokens: request.promptTokens, completionTokens: completion,
                          cost: model.cost(promptTokens: request.promptTokens, completionTokens: completion,
                                           cachedTokens: cached))
        usage.reasoningTokens = reasoning
        usage.cachedTokens = cached
        return usage
    }

    /// What a thinking model thinks, as stream pieces: about ten a second of `thinkSeconds`.
    private var thoughtTokens: [String] {
        guard script.thinking != nil else { return [] }
        let count = max(1, Int((script.thinkSeconds * 10).rounded()))
        return AnswerWriter.thoughts(prompt: request.prompt, seed: seed, tokenCount: count)
    }

    /// Streams the thinking, spread over `thinkSeconds`.
    private func think(_ plan: inout ResponsePlan, writer: ChunkWriter) {
        guard let style = script.thinking else { return }
        let pieces = thoughtTokens
        let gap = pieces.count > 1 ? script.thinkSeconds / Double(pieces.count) : script.thinkSeconds
        if style == .tags { plan.write(writer.event(writer.contentChunk("<think>"))) }
        for (index, piece) in pieces.enumerated() {
            if index > 0 { plan.pause(gap) }
            plan.write(writer.event(writer.reasoningChunk(piece, style: style, index: index)))
        }
        plan.pause(gap)
        if style == .tags { plan.write(writer.event(writer.contentChunk("</think>\n\n"))) }
    }

    private var responseID: String {
        let hex = String(stableHash([String(serial), model.id] + request.conversationKey), radix: 16)
        return script.dialect == .openRouter ? "gen-\(created)-\(hex)" : "chatcmpl-\(hex)"
    }

    /// Model ids as the imitated server reports them: llama-server reports an empty string.
    private var reportedModel: String {
        script.reportedModel ?? (script.dialect == .llamaServer ? "" : request.model)
    }

    private var commonHeaders: [(String, String)] {
        var headers = [("x-request-id", "req_\(serial)")]
        if script.dialect == .openRouter { headers.append(("x-generation-id", responseID)) }
        return headers
    }

    private var interval: Double {
        script.tokensPerSecond > 0 ? 1 / script.tokensPerSecond : 0
    }

    // MARK: - Streaming

    private func streamedAnswer() -> ResponsePlan {
        let (tokens, finishReason) = answerTokens
        let writer = ChunkWriter(dialect: script.dialect, framing: script.framing, id: responseID, created: created,
                                 model: reportedModel, includeUsage: request.includeUsage, thinking: script.thinking)
        var plan = ResponsePlan()
        plan.steps.append(.head(status: 200, headers: [
            ("content-type", "text/event-stream; charset=utf-8"), ("cache-control", "no-cache"),
            ("x-accel-buffering", "no"),
        ] + commonHeaders))

        if script.dialect == .openRouter { plan.write(writer.comment("OPENROUTER PROCESSING")) }
        waitForFirstToken(&plan, writer: writer)
        plan.write(writer.event(writer.roleChunk()))
        think(&plan, writer: writer)

        // A failure strikes after `after` chunks, or just before the finish chunk of a shorter answer.
        let failurePoint = min(script.after, tokens.count)
        for index in 0...tokens.count {
            if index == failurePoint {
                switch midStreamFailure(writer: writer) {
                case .none: break
                case .insert(let text): plan.write(text)
                case .finish(let ending):
                    plan.steps += ending
                    return plan
                }
            }
            guard index < tokens.count else { break }
            if index > 0 {
                plan.pause(interval)
                if script.keepAlive, index % 10 == 0 { plan.write(writer.comment("keep-alive")) }
            }
            plan.write(writer.event(writer.contentChunk(tokens[index])), contentTokens: 1)
        }

        let usage = usage(completionTokens: tokens.count)
        plan.usage = usage
        plan.write(writer.event(writer.finishChunk(reason: finishReason, usage: usage)))
        if let usageChunk = writer.trailingUsageChunk(usage) { plan.write(writer.event(usageChunk)) }
        plan.write(writer.done)
        plan.steps.append(.end(completed: true))
        return plan
    }

    /// The first-token delay; slow models fill it with keep-alive comments so the connection
    /// does not look dead to proxies (and clients can tell "slow" from "silent").
    private func waitForFirstToken(_ plan: inout ResponsePlan, writer: ChunkWriter) {
        guard script.keepAlive else { return plan.pause(script.firstTokenDelay) }
        let slice = 0.25
        var remaining = script.firstTokenDelay
        plan.write(writer.comment("keep-alive"))
        while remaining > slice {
            plan.pause(slice)
            plan.write(writer.comment("keep-alive"))
            remaining -= slice
        }
        plan.pause(remaining)
    }

    private enum FailureAction {
        case none
        /// Extra bytes in the stream, which then carries on.
        case insert(String)
        /// The last steps of the response.
        case finish([ResponsePlan.Step])
    }

    private func midStreamFailure(writer: ChunkWriter) -> FailureAction {
        switch script.effectiveBehaviour {
        case .stall:
            return .finish([.hang])
        case .drop:
            return .finish([.drop])
        case .streamError(let style):
            return .finish([.write(writer.streamError(style), contentTokens: 0), .end(completed: false)])
        case .garbage:
            // Lines a JSON decoder chokes on; openai-python would raise on the first one.
            return .insert(writer.event(data: "this is not JSON") + writer.event(data: "{\"truncated\": ")
                           + writer.event(data: "<html><body>502 Bad Gateway</body></html>"))
        default:
            return .none
        }
    }

    // MARK: - Not streamed

    private func wholeAnswer() -> ResponsePlan {
        switch script.effectiveBehaviour {
        case .stall:
            return ResponsePlan(steps: [.hang])
        case .drop:
            return ResponsePlan(steps: [.drop])
        case .streamError(let style):
            let status = style == .openRouter ? 502 : 500
            return ErrorResponse.plan(status: status, dialect: script.dialect)
        case .garbage:
            return ResponsePlan(steps: ResponsePlan.whole(status: 200, headers: commonHeaders, body: "this is not JSON"))
        default:
            break
        }
        let (tokens, finishReason) = answerTokens
        let usage = usage(completionTokens: tokens.count)
        let writer = ChunkWriter(dialect: script.dialect, framing: .lf, id: responseID, created: created,
                                 model: reportedModel, includeUsage: true, thinking: script.thinking)
        let thought = thoughtTokens.joined()
        var content = tokens.joined()
        var message: [(String, WireJSON)] = [("role", "assistant")]
        switch script.thinking {
        case .deepseek?: message.append(("reasoning_content", .string(thought)))
        case .openrouter?, .ollama?: message.append(("reasoning", .string(thought)))
        case .tags?: content = "<think>" + thought + "</think>\n\n" + content
        case nil: break
        }
        message.insert(("content", .string(content)), at: 1)
        if script.dialect == .openAI { message.append(("refusal", .null)) }
        let choice: WireJSON = .object([("index", 0), ("message", .object(message)), ("logprobs", .null),
                                        ("finish_reason", .string(finishReason))])
        var body: [(String, WireJSON)] = [
            ("id", .string(responseID)), ("object", "chat.completion"), ("created", .int(created)),
            ("model", .string(reportedModel)),
        ]
        if script.dialect == .openRouter { body.append(("provider", "ParleySim")) }
        body += [("choices", .array([choice])), ("usage", writer.usageJSON(usage))]

        var plan = ResponsePlan(usage: usage)
        plan.pause(script.firstTokenDelay + (script.thinking == nil ? 0 : script.thinkSeconds) + Double(tokens.count) * interval)
        plan.steps += ResponsePlan.whole(status: 200, headers: commonHeaders, body: WireJSON.object(body).text,
                                         contentTokens: tokens.count, completed: true)
        return plan
    }
}
