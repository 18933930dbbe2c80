/// One model of a provider's catalogue (`GET /models`).
public struct ModelInfo: Sendable, Hashable, Codable {
    public var id: String
    public var name: String?
    public var contextLength: Int?
    /// USD per million prompt tokens, when the provider publishes it.
    public var promptPricePerMillion: Double?
    /// USD per million completion tokens (reasoning included), when the provider publishes it.
    public var completionPricePerMillion: Double?
    /// USD per million prompt tokens read from the cache (OpenRouter `input_cache_read`).
    public var cacheReadPricePerMillion: Double?
    /// USD per million prompt tokens written to the cache (OpenRouter `input_cache_write`).
    public var cacheWritePricePerMillion: Double?
    /// True when the catalogue says the model accepts reasoning parameters (OpenRouter's
    /// `supported_parameters` contains `reasoning`); `false` also when it does not say.
    public var supportsReasoning: Bool
    /// True when `contextLength` is the length the model was trained with (llama.cpp's
    /// `meta.n_ctx_train`), not the window the server runs it with, which may be far smaller.
    public var contextLengthIsTrained: Bool
    /// Whether the catalogue says the model takes images (OpenRouter's
    /// `architecture.input_modalities` containing `image`); nil when it does not say.
    public var acceptsImages: Bool?

    public init(id: String, name: String? = nil, contextLength: Int? = nil,
                promptPricePerMillion: Double? = nil, completionPricePerMillion: Double? = nil,
                cacheReadPricePerMillion: Double? = nil, cacheWritePricePerMillion: Double? = nil,
                supportsReasoning: Bool = false, contextLengthIsTrained: Bool = false, acceptsImages: Bool? = nil) {
        self.id = id
        self.name = name
        self.contextLength = contextLength
        self.promptPricePerMillion = promptPricePerMillion
        self.completionPricePerMillion = completionPricePerMillion
        self.cacheReadPricePerMillion = cacheReadPricePerMillion
        self.cacheWritePricePerMillion = cacheWritePricePerMillion
        self.supportsReasoning = supportsReasoning
        self.contextLengthIsTrained = contextLengthIsTrained
        self.acceptsImages = acceptsImages
    }

    enum CodingKeys: String, CodingKey {
        case id, name, contextLength, promptPricePerMillion, completionPricePerMillion
        case cacheReadPricePerMillion, cacheWritePricePerMillion, supportsReasoning
        case contextLengthIsTrained, acceptsImages
    }

    /// Decodes rows cached before the cache prices and the reasoning mark existed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id),
                  name: try c.decodeIfPresent(String.self, forKey: .name),
                  contextLength: try c.decodeIfPresent(Int.self, forKey: .contextLength),
                  promptPricePerMillion: try c.decodeIfPresent(Double.self, forKey: .promptPricePerMillion),
                  completionPricePerMillion: try c.decodeIfPresent(Double.self, forKey: .completionPricePerMillion),
                  cacheReadPricePerMillion: try c.decodeIfPresent(Double.self, forKey: .cacheReadPricePerMillion),
                  cacheWritePricePerMillion: try c.decodeIfPresent(Double.self, forKey: .cacheWritePricePerMillion),
                  supportsReasoning: try c.decodeIfPresent(Bool.self, forKey: .supportsReasoning) ?? false,
                  contextLengthIsTrained: try c.decodeIfPresent(Bool.self, forKey: .contextLengthIsTrained) ?? false,
                  acceptsImages: try c.decodeIfPresent(Bool.self, forKey: .acceptsImages))
    }

    /// Cost in USD of the given token counts at this model's prices; `nil` when a needed price is unknown.
    public func cost(promptTokens: Int, completionTokens: Int) -> Double? {
        cost(of: Usage(promptTokens: promptTokens, completionTokens: completionTokens))
    }

    /// Cost in USD of `usage` at this model's prices, `nil` when a needed price is unknown:
    /// uncached prompt x prompt price + cached x cache-read price + cache writes x cache-write
    /// price + completion (reasoning included) x completion price. Cached tokens priced as
    /// uncached overstate a cached conversation several times over, so when the catalogue has
    /// no cache-read price they are priced as prompt tokens only because nothing better is known.
    public func cost(of usage: Usage) -> Double? {
        guard let p = promptPricePerMillion, let c = completionPricePerMillion else { return nil }
        let cached = min(usage.cachedTokens ?? 0, usage.promptTokens)
        let written = min(usage.cacheWriteTokens ?? 0, usage.promptTokens - cached)
        let plain = usage.promptTokens - cached - written
        let total = Double(plain) * p
            + Double(cached) * (cacheReadPricePerMillion ?? p)
            + Double(written) * (cacheWritePricePerMillion ?? p)
            + Double(usage.completionTokens) * c
        return total / 1_000_000
    }
}
