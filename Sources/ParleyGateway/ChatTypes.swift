import Foundation

/// Everything Parley may put in a `POST /chat/completions` body.
public struct ChatRequest: Sendable, Hashable {
    public var model: String
    public var messages: [ChatMessage]
    public var maxTokens: Int?
    public var temperature: Double?
    /// How hard a reasoning model should think; `nil` sends nothing (the model's default).
    /// `GatewayClient` writes it in the shape the provider's preset reads.
    public var effort: ReasoningEffort?
    /// Extra top-level body fields for gateway-side routing (OpenRouter's `models`, `provider`),
    /// merged into the body as given.
    public var extraBody: [String: JSONValue]

    public init(
        model: String,
        messages: [ChatMessage],
        maxTokens: Int? = nil,
        temperature: Double? = nil,
        effort: ReasoningEffort? = nil,
        extraBody: [String: JSONValue] = [:]
    ) {
        self.effort = effort
        self.model = model
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.extraBody = extraBody
    }
}

/// What a chat stream yields, in order. A stream ends by finishing normally or by throwing a
/// `GatewayError`; text already yielded stays valid either way.
public enum ChatStreamEvent: Sendable, Hashable {
    /// The response headers arrived with a success status.
    case opened
    /// A piece of the answer's text, as sent (never empty).
    case text(String)
    /// A piece of the model's thinking, apart from the answer (`reasoning_content`, `reasoning`,
    /// `reasoning_details`, or `<think>` in the content). Empty for encrypted reasoning, which
    /// shows nothing but proves the model is working.
    case reasoning(String)
    /// Usage figures, whenever the server sends them (may come more than once; the last wins).
    case usage(Usage)
    /// The model that actually served the request, when the server names one.
    case servedBy(String)
    /// The server's finish reason (`stop`, `length`, …).
    case finished(reason: String?)
}

/// A complete (non-streamed) answer.
public struct ChatCompletion: Sendable, Hashable {
    public var text: String
    /// The model's thinking, apart from the answer ("" when it sent none).
    public var reasoning: String
    public var usage: Usage?
    public var servedBy: String?
    public var finishReason: String?

    public init(text: String, reasoning: String = "", usage: Usage?, servedBy: String?, finishReason: String?) {
        self.text = text
        self.reasoning = reasoning
        self.usage = usage
        self.servedBy = servedBy
        self.finishReason = finishReason
    }
}

/// Per-attempt time limits. `nil` means no limit of that kind.
public struct Timeouts: Sendable, Hashable {
    /// Establishing the TCP (and TLS) connection.
    public var connect: Duration?
    /// From sending the request to the first piece of text or thinking (or the full body when
    /// not streaming): a model that thinks has started.
    public var firstToken: Duration?
    /// Longest silence between two chunks once the stream has started (a stall), thinking or not.
    public var idle: Duration?
    /// The whole attempt.
    public var total: Duration?

    public init(connect: Duration? = .seconds(10), firstToken: Duration? = .seconds(60),
                idle: Duration? = .seconds(30), total: Duration? = .seconds(600)) {
        self.connect = connect
        self.firstToken = firstToken
        self.idle = idle
        self.total = total
    }

    public static let standard = Timeouts()
}
