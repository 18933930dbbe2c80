/// One model of a provider's catalogue (`GET /models`).
public struct ModelInfo: Sendable, Hashable, Codable {
    public var id: String
    public var name: String?
    public var contextLength: Int?
    /// USD per million prompt tokens, when the provider publishes it.
    public var promptPricePerMillion: Double?
    /// USD per million completion tokens, when the provider publishes it.
    public var completionPricePerMillion: Double?

    public init(id: String, name: String? = nil, contextLength: Int? = nil,
                promptPricePerMillion: Double? = nil, completionPricePerMillion: Double? = nil) {
        self.id = id
        self.name = name
        self.contextLength = contextLength
        self.promptPricePerMillion = promptPricePerMillion
        self.completionPricePerMillion = completionPricePerMillion
    }

    /// Cost in USD of the given token counts at this model's prices; `nil` when a needed price is unknown.
    public func cost(promptTokens: Int, completionTokens: Int) -> Double? {
        guard let p = promptPricePerMillion, let c = completionPricePerMillion else { return nil }
        return (Double(promptTokens) * p + Double(completionTokens) * c) / 1_000_000
    }
}
