public import ParleyGateway

/// Where the Conductor finds a model's prices (the Store's catalogue cache implements it).
public protocol CatalogueLookup: Sendable {
    func modelInfo(for model: ModelRef) async -> ModelInfo?
}

/// A catalogue fixed at creation: for tests, the demo, and commands that fetched `/models` once.
public struct FixedCatalogue: CatalogueLookup {
    public var models: [ModelRef: ModelInfo]

    public init(_ models: [ModelRef: ModelInfo] = [:]) { self.models = models }

    public func modelInfo(for model: ModelRef) async -> ModelInfo? { models[model] }
}

/// Rough token counts for when the server sends none and for pricing before sending.
/// About four characters a token is what OpenAI's own guidance uses for English text.
public enum TokenEstimate {
    /// Per-message framing the chat templates add (role markers and separators).
    static let perMessageOverhead = 4

    public static func tokens(in text: String) -> Int {
        (text.count + 3) / 4
    }

    public static func promptTokens(_ messages: [ChatMessage]) -> Int {
        messages.reduce(0) { $0 + tokens(in: $1.content) + perMessageOverhead }
    }
}
