/// What one chat request asked for, as it came over the wire: the reasoning switches of every
/// dialect, the sampling parameters and the system prompt. Tests read it (`stats()[model]
/// .lastRequest`) to prove what a client sent, e.g. that `--effort high` became OpenRouter's
/// `reasoning: {effort: "high"}`.
///
/// The client may be hostile, so the record is bounded: strings are cut to `maximumWordLength`
/// (the switches) or `maximumSystemLength` (the system prompt) characters, and a field of an
/// unexpected type is left out rather than failing the request.
public struct SimRequestRecord: Sendable, Equatable {
    public static let maximumWordLength = 64
    public static let maximumSystemLength = 4096

    /// `reasoning_effort` (OpenAI, DeepSeek, Ollama, llama.cpp, most others).
    public var reasoningEffort: String?
    /// OpenRouter's `reasoning.effort`.
    public var openRouterEffort: String?
    /// OpenRouter's `reasoning.enabled` (`false` turns thinking off).
    public var openRouterEnabled: Bool?
    /// `thinking.type` (DeepSeek's `enabled`/`disabled`, Anthropic's `enabled`).
    public var thinkingType: String?
    /// `chat_template_kwargs.enable_thinking` (llama.cpp with Qwen-style templates).
    public var enableThinking: Bool?
    public var temperature: Double?
    public var maxTokens: Int?
    public var maxCompletionTokens: Int?
    /// The system messages' text, joined by newlines; `nil` when there is none.
    public var system: String?
    /// The last user message's text, cut to `maximumSystemLength` characters (attachments
    /// travel in it); `nil` when there is none.
    public var lastUser: String?
    /// How many messages the request carried (the context guard's truncation shows here).
    public var messageCount: Int = 0
    /// The `image_url` urls of the last user message, each cut to `maximumSystemLength`
    /// characters, at most 16 (attached images travel as data URLs here).
    public var images: [String] = []
    /// How many image parts that message carried, and the full length of each url.
    public var imageURLLengths: [Int] = []

    public init(reasoningEffort: String? = nil, openRouterEffort: String? = nil, openRouterEnabled: Bool? = nil,
                thinkingType: String? = nil, enableThinking: Bool? = nil, temperature: Double? = nil,
                maxTokens: Int? = nil, maxCompletionTokens: Int? = nil, system: String? = nil) {
        self.reasoningEffort = reasoningEffort
        self.openRouterEffort = openRouterEffort
        self.openRouterEnabled = openRouterEnabled
        self.thinkingType = thinkingType
        self.enableThinking = enableThinking
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.maxCompletionTokens = maxCompletionTokens
        self.system = system
    }

    /// This record with the user's side of the conversation added.
    func with(lastUser: String?, messageCount: Int) -> SimRequestRecord {
        var copy = self
        copy.lastUser = Self.bounded(lastUser, Self.maximumSystemLength)
        copy.messageCount = messageCount
        return copy
    }

    /// This record with the last user message's image urls added (bounded).
    func with(images urls: [String]) -> SimRequestRecord {
        var copy = self
        copy.images = urls.prefix(16).map { Self.bounded($0, Self.maximumSystemLength) ?? "" }
        copy.imageURLLengths = urls.prefix(16).map(\.utf8.count)
        return copy
    }

    /// `text` cut to `limit` characters.
    static func bounded(_ text: String?, _ limit: Int) -> String? {
        guard let text else { return nil }
        return text.count > limit ? String(text.prefix(limit)) : text
    }
}

/// The optional request fields the record keeps, decoded leniently: each one on its own, so a
/// wrong type drops that field only. (The fields the simulator acts on — model, messages,
/// max tokens — are decoded strictly by `ChatRequest` and answer 400 when wrong.)
struct RequestedParameters: Decodable, Sendable {
    var reasoningEffort: String?
    var openRouterEffort: String?
    var openRouterEnabled: Bool?
    var thinkingType: String?
    var enableThinking: Bool?
    var temperature: Double?

    private enum CodingKeys: String, CodingKey {
        case reasoningEffort = "reasoning_effort", reasoning, thinking
        case templateArguments = "chat_template_kwargs", temperature
    }
    private enum ReasoningKeys: String, CodingKey { case effort, enabled }
    private enum ThinkingKeys: String, CodingKey { case type }
    private enum TemplateKeys: String, CodingKey { case enableThinking = "enable_thinking" }

    init() {}

    init(from decoder: any Decoder) throws {
        let limit = SimRequestRecord.maximumWordLength
        guard let c = try? decoder.container(keyedBy: CodingKeys.self) else { return }
        reasoningEffort = SimRequestRecord.bounded(try? c.decodeIfPresent(String.self, forKey: .reasoningEffort), limit)
        temperature = try? c.decodeIfPresent(Double.self, forKey: .temperature)
        if let reasoning = try? c.nestedContainer(keyedBy: ReasoningKeys.self, forKey: .reasoning) {
            openRouterEffort = SimRequestRecord.bounded(try? reasoning.decodeIfPresent(String.self, forKey: .effort), limit)
            openRouterEnabled = try? reasoning.decodeIfPresent(Bool.self, forKey: .enabled)
        }
        if let thinking = try? c.nestedContainer(keyedBy: ThinkingKeys.self, forKey: .thinking) {
            thinkingType = SimRequestRecord.bounded(try? thinking.decodeIfPresent(String.self, forKey: .type), limit)
        }
        if let template = try? c.nestedContainer(keyedBy: TemplateKeys.self, forKey: .templateArguments) {
            enableThinking = try? template.decodeIfPresent(Bool.self, forKey: .enableThinking)
        }
    }
}
