public import Foundation

/// A scripted model of the simulator, as listed by `GET /v1/models`.
public struct SimModel: Sendable, Identifiable {
    /// The id sent in the `model` field (parameters may follow an `@`, see docs/simulator.md).
    public let id: String
    /// A display name, as OpenRouter's `name`.
    public let name: String
    /// One line saying what the model does.
    public let description: String
    /// USD per prompt token.
    public let promptPrice: Decimal
    /// USD per completion token.
    public let completionPrice: Decimal
    public let contextLength: Int
    /// USD per prompt token read from the cache, for models that report cached tokens.
    public let cacheReadPrice: Decimal?
    /// Whether the model takes images (`architecture.input_modalities` lists `image`; Ollama's
    /// `vision` capability).
    public let acceptsImages: Bool
    let script: ModelScript

    /// Whether the model thinks before it answers (listed with `reasoning` in `supported_parameters`).
    public var thinks: Bool { script.thinking != nil }

    /// Nominal streaming speed in tokens per second (0: as fast as the socket allows).
    public var tokensPerSecond: Double { script.tokensPerSecond }
    /// Nominal time to first token, in seconds.
    public var firstTokenDelay: Double { script.firstTokenDelay }

    init(
        _ id: String, _ description: String,
        prompt: String = "0.000001", completion: String = "0.000002", context: Int = 32_768,
        cacheRead: String? = nil, images: Bool = false, script: ModelScript = ModelScript()
    ) {
        self.acceptsImages = images
        // No locale, so "." is the separator and no ICU `Locale` is made (the demo builds this
        // catalogue in every chat's process).
        self.cacheReadPrice = cacheRead.flatMap { Decimal(string: $0) }
        self.id = id
        self.name = "Parley Sim: " + id
        self.description = description
        // The literals below are all valid decimals; a typo should fail loudly in tests.
        self.promptPrice = Decimal(string: prompt)!
        self.completionPrice = Decimal(string: completion)!
        self.contextLength = context
        self.script = script
    }

    /// What `usage.cost` reports for these token counts; cached prompt tokens at the cache price.
    public func cost(promptTokens: Int, completionTokens: Int, cachedTokens: Int = 0) -> Decimal {
        let cached = min(max(0, cachedTokens), promptTokens)
        return Decimal(promptTokens - cached) * promptPrice + Decimal(cached) * (cacheReadPrice ?? promptPrice)
            + Decimal(completionTokens) * completionPrice
    }
}

/// The simulator's models. Every id answers deterministically; see docs/simulator.md.
public enum SimCatalogue {
    public static var models: [SimModel] { catalogue }

    public static func model(id: String) -> SimModel? {
        catalogue.first { $0.id == id }
    }

    private static let catalogue: [SimModel] = wellBehaved + dialects + failing + hostileNumbers + HostileModels.models

    private static let wellBehaved: [SimModel] = [
        SimModel("fast", "Fast streamer: about 200 tokens/s, first token after 50 ms.",
                 prompt: "0.0000015", completion: "0.000002", context: 128_000,
                 script: ModelScript(tokensPerSecond: 200, firstTokenDelay: 0.05)),
        SimModel("slow", "Slow streamer: about 10 tokens/s, first token after 0.8 s, keep-alive comments.",
                 prompt: "0.000001", completion: "0.000002", context: 32_768,
                 script: ModelScript(tokensPerSecond: 10, firstTokenDelay: 0.8, chunks: 40, keepAlive: true)),
        SimModel("cheap", "Cheapest model: about 60 tokens/s, first token after 0.2 s.",
                 prompt: "0.0000001", completion: "0.0000002", context: 16_384,
                 script: ModelScript(tokensPerSecond: 60, firstTokenDelay: 0.2)),
        SimModel("premium", "Expensive model: about 120 tokens/s, first token after 0.3 s.",
                 prompt: "0.000015", completion: "0.00006", context: 200_000,
                 script: ModelScript(tokensPerSecond: 120, firstTokenDelay: 0.3)),
        SimModel("echo", "Answers with the last user message, instantly. Free.",
                 prompt: "0", completion: "0", context: 8_192,
                 script: ModelScript(content: .echo, tokensPerSecond: 0, firstTokenDelay: 0)),
        SimModel("vision", "Takes images: answers with the last user message and a line per image part it got, instantly. Free.",
                 prompt: "0", completion: "0", context: 32_768, images: true,
                 script: ModelScript(content: .echo, tokensPerSecond: 0, firstTokenDelay: 0)),
        SimModel("recall", "Quotes the last assistant message it was sent (which thread it got), instantly. Free.",
                 prompt: "0", completion: "0", context: 8_192,
                 script: ModelScript(content: .recall, tokensPerSecond: 0, firstTokenDelay: 0)),
        SimModel("stream", "Configurable streamer, e.g. stream@tps=50,ttft=0.3,chunks=40.",
                 script: ModelScript(tokensPerSecond: 50, firstTokenDelay: 0.3)),
        SimModel("long", "A long answer of 1500 chunks at 2000 tokens/s (long@chunks=N).",
                 context: 128_000,
                 script: ModelScript(tokensPerSecond: 2000, firstTokenDelay: 0, chunks: 1500)),
        SimModel("escapes", "Text with ANSI/OSC escape sequences and control characters in it.",
                 script: ModelScript(content: .escapes)),
        SimModel("thinker", "Thinks for 2 s (reasoning_content), then answers; thinker@reasoning=openrouter|ollama|tags,think=S.",
                 prompt: "0.0000005", completion: "0.000002", context: 128_000, cacheRead: "0.00000005",
                 script: ModelScript(tokensPerSecond: 100, firstTokenDelay: 0.1, thinking: .deepseek, thinkSeconds: 2)),
    ]

    private static let dialects: [SimModel] = [
        SimModel("openrouter", "OpenRouter-like: processing comment, gen- ids, usage with cost always.",
                 prompt: "0.000003", completion: "0.000015", context: 200_000,
                 script: ModelScript(dialect: .openRouter)),
        SimModel("llama-server", "llama.cpp llama-server-like: usage and timings on the finish chunk.",
                 prompt: "0", completion: "0", context: 8_192,
                 script: ModelScript(dialect: .llamaServer)),
        SimModel("no-usage", "llama-cpp-python-like: never reports usage when streaming.",
                 prompt: "0", completion: "0", context: 8_192,
                 script: ModelScript(dialect: .llamaCppPython)),
        SimModel("litellm", "LiteLLM-like: usage on a chunk with a non-empty choices array.",
                 script: ModelScript(dialect: .liteLLM)),
        SimModel("crlf", "CRLF line ends, JSON split over several data: lines, [DONE] without a blank line.",
                 script: ModelScript(framing: .crlfMultiline)),
    ]

    private static let failing: [SimModel] = [
        SimModel("rate-limited", "Always 429 with Retry-After: 1 and retry-after-ms: 1000 (rate-limited@retry=S).",
                 script: ModelScript(behaviour: .httpError(status: 429), status: 429)),
        SimModel("broken", "Always 500 Internal Server Error.",
                 script: ModelScript(behaviour: .httpError(status: 500), status: 500)),
        SimModel("overloaded", "Always 503 \"The engine is currently overloaded\" with Retry-After.",
                 script: ModelScript(behaviour: .httpError(status: 503), status: 503)),
        SimModel("unauthorized", "Always 401 Incorrect API key (OpenAI wording).",
                 script: ModelScript(behaviour: .httpError(status: 401), status: 401)),
        SimModel("no-credit", "Always 402 insufficient_credit (ZenMux-style body, code as a string).",
                 script: ModelScript(behaviour: .httpError(status: 402), status: 402)),
        SimModel("forbidden", "Always 403 access_denied, as ZenMux answers a bad key.",
                 script: ModelScript(behaviour: .httpError(status: 403), status: 403)),
        SimModel("error", "Always the HTTP error given as error@status=N (default 500).",
                 script: ModelScript(behaviour: .httpError(status: 500))),
        SimModel("silent", "Accepts the connection and the request, then never sends a byte.",
                 script: ModelScript(behaviour: .silent)),
        SimModel("stall", "Streams 5 chunks, then sends nothing and keeps the connection open (stall@after=N).",
                 script: ModelScript(behaviour: .stall)),
        SimModel("drop", "Streams 5 chunks, then closes the TCP connection mid-body (drop@after=N).",
                 script: ModelScript(behaviour: .drop)),
        SimModel("error-chunk", "Streams 5 chunks, then an OpenRouter-style error chunk in the 200 stream.",
                 script: ModelScript(dialect: .openRouter, behaviour: .streamError(.openRouter))),
        SimModel("litellm-error", "Streams 5 chunks, then LiteLLM-style data: {\"error\":{…,\"code\":\"500\"}}.",
                 script: ModelScript(dialect: .liteLLM, behaviour: .streamError(.liteLLM))),
        SimModel("legacy-error", "Streams 5 chunks, then an old llama.cpp `error:` SSE field and [DONE].",
                 script: ModelScript(dialect: .llamaServer, behaviour: .streamError(.legacyLlamaCpp))),
        SimModel("garbage", "Sends non-JSON data: lines after 5 chunks, then finishes normally.",
                 script: ModelScript(behaviour: .garbage)),
        SimModel("flaky", "503 for the first 2 sends of a conversation, then answers (flaky@fails=K).",
                 script: ModelScript(behaviour: .flaky, retryAfter: 0.1)),
    ]
}
