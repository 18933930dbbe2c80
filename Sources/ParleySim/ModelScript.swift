/// What a scripted model does with a request: which server it imitates, how fast it talks, what
/// it says and how (if at all) it fails.
struct ModelScript: Sendable {
    /// The server whose wire quirks the model reproduces (see docs/simulator.md).
    enum Dialect: String, Sendable, CaseIterable {
        /// OpenAI proper: usage chunk with `choices: []` only when `stream_options.include_usage`.
        case openAI = "openai"
        /// OpenRouter: `: OPENROUTER PROCESSING` comment, `gen-` ids, usage with `cost` always sent.
        case openRouter = "openrouter"
        /// llama.cpp `llama-server`: `content: null` in the role chunk, usage and `timings` on the
        /// finish chunk, always.
        case llamaServer = "llama-server"
        /// llama-cpp-python's server: no usage at all when streaming.
        case llamaCppPython = "llama-cpp-python"
        /// LiteLLM proxy: usage on a chunk whose `choices` is `[{"index":0,"delta":{}}]`.
        case liteLLM = "litellm"
    }

    /// Where a thinking model puts its reasoning on the wire (research/gateway-wire.md §9).
    enum Thinking: String, Sendable, CaseIterable {
        /// `delta.reasoning_content` beside `content: null` (DeepSeek, llama.cpp, vLLM).
        case deepseek
        /// `delta.reasoning` plus `delta.reasoning_details[]` of type `reasoning.text` (OpenRouter).
        case openrouter
        /// `delta.reasoning` alone (Ollama `/v1`).
        case ollama
        /// `<think>…</think>` at the start of `content` (a template without a reasoning parser).
        case tags
    }

    enum Content: Sendable {
        case prose, echo, escapes
        /// Fenced code blocks in several languages, for measuring the highlighter (`code=1`).
        case code
        /// Quotes the conversation's last assistant message: shows which thread a client sent.
        case recall
    }

    /// How a mid-stream error is written after `after` chunks.
    enum StreamErrorStyle: Sendable {
        /// `data: {…, "error": {"code": 502, …}, "choices": [{…, "finish_reason": "error"}]}`
        case openRouter
        /// `data: {"error": {…, "code": "500"}}`
        case liteLLM
        /// Old llama.cpp: an SSE field named `error:` (ignored by conforming parsers), then `[DONE]`.
        case legacyLlamaCpp
    }

    enum Behaviour: Sendable {
        case answer
        /// Answers every request with this HTTP status and an error body; nothing is streamed.
        case httpError(status: Int)
        /// Accepts the connection and reads the request, then never writes a byte.
        case silent
        /// Streams `after` chunks, then keeps the connection open and sends nothing more.
        case stall
        /// Streams `after` chunks, then closes the TCP connection mid-body.
        case drop
        /// Streams `after` chunks, then an error event (HTTP status stays 200).
        case streamError(StreamErrorStyle)
        /// Sends non-JSON `data:` lines after `after` chunks, then carries on normally.
        case garbage
        /// Fails with 503 the first `failures` times a conversation is sent, then answers.
        case flaky
        /// One of the attacks of `HostileModels`.
        case hostile(HostileModels.Kind)
    }

    enum Framing: Sendable {
        /// `data: {…}\n\n`
        case lf
        /// CRLF line ends, each JSON payload split over several `data:` lines, and the final
        /// `data: [DONE]` without the blank line after it.
        case crlfMultiline
    }

    var dialect: Dialect = .openAI
    var content: Content = .prose
    var behaviour: Behaviour = .answer
    var framing: Framing = .lf
    /// Content chunks per second after the first one; 0 sends them as fast as the socket takes them.
    var tokensPerSecond: Double = 200
    /// Seconds between reading the request and the first content chunk.
    var firstTokenDelay: Double = 0.05
    /// A fixed answer length in content chunks, instead of the natural length of the prose.
    var chunks: Int?
    /// Content chunks sent before a mid-stream failure.
    var after: Int = 5
    /// Failed attempts before a flaky model answers.
    var failures: Int = 2
    /// Seconds a failing model asks the client to wait (`Retry-After`, `retry-after-ms`).
    var retryAfter: Double = 1
    /// Sends `: keep-alive` comments while the client waits.
    var keepAlive: Bool = false
    /// An HTTP status for the generic `error` model.
    var status: Int = 500
    /// The id put in the `model` field of the answer instead of the one requested.
    var reportedModel: String?
    /// The size of what a hostile model sends, in MiB (each has its own default).
    var megabytes: Double?
    /// Thinks before answering, in this dialect (`nil`: answers straight away).
    var thinking: Thinking?
    /// Seconds of thinking before the first answer text (after the first-token delay).
    var thinkSeconds: Double = 2
    /// `num_ctx` among the Modelfile parameters Ollama's `/api/show` reports (`ctx=N`); nil: none.
    var ollamaContext: Int?
    /// The window Ollama's `/api/ps` reports once the model is loaded (`loaded=N`); nil: the
    /// Modelfile's, else Ollama's default of 4096 capped by the trained length.
    var loadedContext: Int?

    /// The behaviour, with the `status` parameter applied to HTTP failures.
    var effectiveBehaviour: Behaviour {
        if case .httpError = behaviour { return .httpError(status: status) }
        return behaviour
    }
}

// MARK: - Parameters in the model name

/// A model reference as sent in the `model` field: a catalogue id, optionally followed by
/// parameters, e.g. `stream@tps=50,ttft=0.3,chunks=40` or `stall@after=3`.
struct ModelName: Sendable {
    let baseID: String
    let parameters: [(key: String, value: String)]

    init(_ text: String) {
        guard let at = text.firstIndex(of: "@") else {
            baseID = text
            parameters = []
            return
        }
        baseID = String(text[..<at])
        parameters = text[text.index(after: at)...].split(separator: ",").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return (String(parts[0]).lowercased(), parts.count > 1 ? String(parts[1]) : "")
        }
    }
}

struct ModelParameterError: Error, Sendable {
    let message: String
}

extension ModelScript {
    static let parameterNames = ["tps", "ttft", "chunks", "after", "fails", "retry", "status", "dialect", "keepalive",
                                 "mb", "think", "reasoning", "ctx", "loaded", "code"]

    /// The script with the parameters of a model name applied.
    func applying(_ parameters: [(key: String, value: String)]) throws(ModelParameterError) -> ModelScript {
        var script = self
        for (key, value) in parameters {
            switch key {
            case "tps": script.tokensPerSecond = try Self.number(key, value, in: 0...1_000_000)
            case "ttft": script.firstTokenDelay = try Self.number(key, value, in: 0...86_400)
            case "chunks": script.chunks = try Self.integer(key, value, in: 0...10_000_000)
            case "after": script.after = try Self.integer(key, value, in: 0...10_000_000)
            case "fails": script.failures = try Self.integer(key, value, in: 0...1_000_000)
            // Any size: only ever written into a Retry-After header (1e300 is the `retry-forever` test).
            case "retry": script.retryAfter = try Self.number(key, value, in: 0...Double.greatestFiniteMagnitude)
            case "status": script.status = try Self.integer(key, value, in: 400...599)
            case "keepalive": script.keepAlive = value != "0" && value != "false"
            case "code": if value != "0" && value != "false" { script.content = .code }
            case "mb": script.megabytes = try Self.number(key, value, in: 0...100_000)
            case "ctx": script.ollamaContext = try Self.integer(key, value, in: 1...10_000_000)
            case "loaded": script.loadedContext = try Self.integer(key, value, in: 1...10_000_000)
            case "think":
                script.thinkSeconds = try Self.number(key, value, in: 0...3_600)
                if script.thinking == nil { script.thinking = .deepseek }
            case "reasoning":
                guard let thinking = Thinking(rawValue: value.lowercased()) else {
                    let known = Thinking.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ModelParameterError(message: "Unknown reasoning dialect '\(value)'; use one of \(known).")
                }
                script.thinking = thinking
            case "dialect":
                guard let dialect = Dialect(rawValue: value.lowercased()) else {
                    let known = Dialect.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ModelParameterError(message: "Unknown dialect '\(value)'; use one of \(known).")
                }
                script.dialect = dialect
            default:
                let known = Self.parameterNames.joined(separator: ", ")
                throw ModelParameterError(message: "Unknown model parameter '\(key)'; use \(known).")
            }
        }
        return script
    }

    // Every parameter has a ceiling: a model name is request input, and the demo gateway runs
    // inside `parley` itself, so `ttft=1e300` or `chunks=1e18` must be a 400, not a trap or an
    // allocation of everything.
    private static func number(_ key: String, _ value: String, in range: ClosedRange<Double>) throws(ModelParameterError) -> Double {
        guard let number = Double(value), number.isFinite, range.contains(number) else {
            throw ModelParameterError(message: "Model parameter '\(key)' needs a number from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound)), got '\(value.prefix(40))'.")
        }
        return number
    }

    private static func integer(_ key: String, _ value: String, in range: ClosedRange<Int>) throws(ModelParameterError) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw ModelParameterError(message: "Model parameter '\(key)' needs a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value.prefix(40))'.")
        }
        return number
    }

    private static func show(_ bound: Double) -> String {
        bound == bound.rounded() && abs(bound) < 1e15 ? String(Int(bound)) : "\(bound)"
    }
}
