import Foundation

/// The parts of a `chat.completion.chunk` (or a whole `chat.completion`) that Parley reads.
/// Every field is optional: servers differ (empty `choices` on usage chunks, `content: null`
/// on llama.cpp's first chunk, usage on the finish chunk or on its own chunk, no usage at all).
struct WireChunk: Decodable {
    struct Choice: Decodable {
        var delta: Delta?
        /// Non-streamed answers carry `message` instead of `delta`.
        var message: Delta?
        var finish_reason: String?
        /// Azure's verdicts per category (`{"hate": {"filtered": true, "severity": "high"}}`).
        var content_filter_results: [String: JSONValue]?

        enum CodingKeys: String, CodingKey { case delta, message, finish_reason, content_filter_results }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            delta = try? c.decodeIfPresent(Delta.self, forKey: .delta)
            message = try? c.decodeIfPresent(Delta.self, forKey: .message)
            finish_reason = (try? c.decodeIfPresent(String.self, forKey: .finish_reason)) ?? nil
            content_filter_results = (try? c.decodeIfPresent([String: JSONValue].self, forKey: .content_filter_results)) ?? nil
        }

        /// The categories Azure's filter flagged, sorted: `["hate", "violence"]`.
        var filteredCategories: [String] {
            (content_filter_results ?? [:]).compactMap { name, verdict in
                verdict.objectValue?["filtered"] == .bool(true) ? name : nil
            }.sorted()
        }
    }

    var model: String?
    var choices: [Choice]?
    var usage: WireUsage?
    var error: WireError?

    enum CodingKeys: String, CodingKey { case model, choices, usage, error }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = (try? c.decodeIfPresent(String.self, forKey: .model)) ?? nil
        choices = try c.decodeIfPresent([Choice].self, forKey: .choices)
        // A usage object of the wrong shape is dropped, never the chunk that carries it.
        usage = (try? c.decodeIfPresent(JSONValue.self, forKey: .usage)).flatMap { $0.flatMap(WireUsage.init) }
        error = try c.decodeIfPresent(WireError.self, forKey: .error)
    }
}

/// A `delta` (streamed) or `message` (whole answer): the answer's text and the model's thinking
/// in every dialect servers use for it. A field of an unexpected type counts as absent.
struct Delta: Decodable {
    var content: String?
    /// DeepSeek, llama.cpp, vLLM.
    var reasoning_content: String?
    /// OpenRouter, Ollama `/v1`.
    var reasoning: String?
    /// OpenRouter's structured reasoning: `reasoning.text`, `reasoning.summary`, `reasoning.encrypted`.
    var reasoning_details: [JSONValue]?

    enum CodingKeys: String, CodingKey { case content, reasoning_content, reasoning, reasoning_details }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        content = (try? c.decodeIfPresent(String.self, forKey: .content)) ?? nil
        reasoning_content = (try? c.decodeIfPresent(String.self, forKey: .reasoning_content)) ?? nil
        reasoning = (try? c.decodeIfPresent(String.self, forKey: .reasoning)) ?? nil
        reasoning_details = (try? c.decodeIfPresent([JSONValue].self, forKey: .reasoning_details)) ?? nil
    }

    /// The thinking this delta carries, or nil when it carries none. "" means reasoning that
    /// shows nothing (encrypted) but is activity all the same.
    ///
    /// OpenRouter sends the same thinking both as `reasoning` and as `reasoning_details`, so
    /// the details are read only when the plain fields are absent.
    var thinking: String? {
        if let text = reasoning_content, !text.isEmpty { return text }
        if let text = reasoning, !text.isEmpty { return text }
        guard let details = reasoning_details, !details.isEmpty else { return nil }
        var shown = ""
        var any = false
        for case .object(let detail) in details {
            switch detail["type"]?.stringValue {
            case "reasoning.text":
                any = true
                shown += detail["text"]?.stringValue ?? ""
            case "reasoning.summary":
                any = true
                shown += detail["summary"]?.stringValue ?? ""
            case "reasoning.encrypted":
                any = true
            default:
                continue
            }
        }
        return any ? shown : nil
    }
}

/// The usage figures of a chunk, each field checked on its own (`WireNumber`): a negative, huge,
/// fractional or string count is ignored, the rest is kept.
struct WireUsage {
    var usage: Usage

    init?(_ value: JSONValue) {
        guard case .object(let fields) = value else { return nil }
        let promptDetails = fields["prompt_tokens_details"]?.objectValue ?? [:]
        let completionDetails = fields["completion_tokens_details"]?.objectValue ?? [:]
        // DeepSeek splits the prompt into cache hits and misses instead of `cached_tokens`.
        let hits = WireNumber.count(fields["prompt_cache_hit_tokens"])
        let misses = WireNumber.count(fields["prompt_cache_miss_tokens"])
        var prompt = WireNumber.count(fields["prompt_tokens"])
        if prompt == nil, let hits, let misses { prompt = WireNumber.saturatingSum(hits, misses) }
        let completion = WireNumber.count(fields["completion_tokens"])
        let cost = WireNumber.usd(fields["cost"])
        guard prompt != nil || completion != nil || cost != nil else { return nil }
        let promptTokens = prompt ?? 0
        let completionTokens = completion ?? 0
        // A detail larger than the count it is part of is not believed.
        func part(_ count: Int?, of whole: Int) -> Int? { count.flatMap { $0 <= whole ? $0 : nil } }
        usage = Usage(
            promptTokens: promptTokens, completionTokens: completionTokens,
            totalTokens: WireNumber.count(fields["total_tokens"]), cost: cost,
            cachedTokens: part(WireNumber.count(promptDetails["cached_tokens"]) ?? hits, of: promptTokens),
            cacheWriteTokens: part(WireNumber.count(promptDetails["cache_write_tokens"])
                ?? WireNumber.count(fields["cache_write_tokens"]), of: promptTokens),
            reasoningTokens: part(WireNumber.count(completionDetails["reasoning_tokens"]), of: completionTokens))
    }
}

/// An error object as the servers send it. `code` is an integer on OpenRouter and llama.cpp, a
/// string on ZenMux and LiteLLM (`"429"`) and OpenAI (`"invalid_api_key"`), or absent.
struct WireError: Decodable {
    var message: String?
    var type: String?
    var code: String?

    enum CodingKeys: String, CodingKey { case message, type, code }

    init(message: String?, type: String? = nil, code: String? = nil) {
        self.message = message
        self.type = type
        self.code = code
    }

    init(from decoder: any Decoder) throws {
        // `"error": "some text"` happens too (proxies); treat the string as the message.
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(message: text)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let code: String?
        if let int = try? c.decodeIfPresent(Int.self, forKey: .code) {
            code = String(int)
        } else {
            code = (try? c.decodeIfPresent(String.self, forKey: .code)) ?? nil
        }
        self.init(message: (try? c.decodeIfPresent(String.self, forKey: .message)) ?? nil,
                  type: (try? c.decodeIfPresent(String.self, forKey: .type)) ?? nil,
                  code: code)
    }
}

/// What one SSE payload means to a stream.
enum ChunkMeaning: Equatable {
    case done
    case events([ChatStreamEvent])
}

enum ChunkDecoder {
    private static let decoder = JSONDecoder()

    /// Decodes one SSE event of a chat stream. Throws `GatewayError.streamError` for an error
    /// sent inside a 200 stream, `.malformedStream` for a payload that is not JSON.
    static func decode(_ event: SSEEvent, sanitizer: TextSanitizer) throws -> ChunkMeaning {
        if event.data.hasPrefix("[DONE]") { return .done }
        let chunk: WireChunk
        do {
            chunk = try decoder.decode(WireChunk.self, from: Data(event.data.utf8))
        } catch {
            if event.event == "error" {
                throw GatewayError.streamError(code: nil, message: sanitizer.clean(event.data))
            }
            throw GatewayError.malformedStream(
                message: "expected JSON in a data line, got: \(sanitizer.clean(String(event.data.prefix(120))))")
        }
        if let error = chunk.error {
            throw GatewayError.streamError(code: error.code.map(sanitizer.clean),
                                           message: sanitizer.clean(error.message ?? "the server reported an error"))
        }
        if event.event == "error" {
            throw GatewayError.streamError(code: nil, message: sanitizer.clean(event.data))
        }
        var events: [ChatStreamEvent] = []
        // The served model id goes to the log, `--json`, the ledger and `usage`: clean it here, once.
        if let model = chunk.model.map(sanitizer.cleanIdentifier), !model.isEmpty { events.append(.servedBy(model)) }
        for choice in chunk.choices ?? [] {
            let delta = choice.delta ?? choice.message
            if let thinking = delta?.thinking { events.append(.reasoning(thinking)) }
            if let text = delta?.content, !text.isEmpty {
                events.append(.text(text))
            }
            if choice.finish_reason == "error" {
                throw GatewayError.streamError(code: nil, message: "the server ended the answer with an error")
            }
            if choice.finish_reason == "content_filter" {
                throw ContentFilter.stopped(categories: choice.filteredCategories, sanitizer: sanitizer)
            }
        }
        if let usage = chunk.usage { events.append(.usage(usage.usage)) }
        if let reason = chunk.choices?.lazy.compactMap(\.finish_reason).first {
            events.append(.finished(reason: reason))
        }
        return .events(events)
    }

    /// Decodes a whole non-streamed `chat.completion` body.
    static func decodeCompletion(_ body: Data, sanitizer: TextSanitizer) throws -> ChatCompletion {
        let chunk: WireChunk
        do {
            chunk = try decoder.decode(WireChunk.self, from: body)
        } catch {
            let preview = String(decoding: body.prefix(120), as: UTF8.self)
            throw GatewayError.malformedStream(message: "expected a JSON completion, got: \(sanitizer.clean(preview))")
        }
        if let error = chunk.error {
            throw GatewayError.streamError(code: error.code.map(sanitizer.clean),
                                           message: sanitizer.clean(error.message ?? "the server reported an error"))
        }
        let messages = (chunk.choices ?? []).compactMap { $0.message ?? $0.delta }
        let content = ThinkTagSplitter.split(messages.compactMap(\.content).joined())
        let reasoning = messages.compactMap(\.thinking).joined() + content.reasoning
        return ChatCompletion(text: content.text, reasoning: reasoning, usage: chunk.usage?.usage,
                              servedBy: chunk.model.map(sanitizer.cleanIdentifier).flatMap { $0.isEmpty ? nil : $0 },
                              finishReason: chunk.choices?.first?.finish_reason)
    }
}

/// Azure (and OpenAI) end an answer their content filter stopped with
/// `finish_reason: "content_filter"`: the answer is incomplete, so it is a failed attempt whose
/// partial text stays marked, and the message says why in words.
enum ContentFilter {
    static func stopped(categories: [String], sanitizer: TextSanitizer) -> GatewayError {
        let named = categories.prefix(6).map(sanitizer.cleanIdentifier).joined(separator: ", ")
        let detail = named.isEmpty ? "" : " (flagged: \(named))"
        return .streamError(code: "content_filter",
                            message: "the platform's content filter stopped the answer\(detail)")
    }
}
