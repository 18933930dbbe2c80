import Foundation

/// One message of a conversation as the wire carries it.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant, developer, tool
    }

    public var role: Role
    /// The text; with `images` it is the text part of a multi-part content.
    public var content: String
    /// Images sent with the text (user messages only): the wire content becomes an array of a
    /// text part and `image_url` parts. Empty for every text-only message, whose wire shape
    /// stays the plain string.
    public var images: [ImagePart]

    public init(role: Role, content: String, images: [ImagePart] = []) {
        self.role = role
        self.content = content
        self.images = images
    }

    private enum CodingKeys: String, CodingKey { case role, content, images }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(role: try c.decode(Role.self, forKey: .role), content: try c.decode(String.self, forKey: .content),
                  images: try c.decodeIfPresent([ImagePart].self, forKey: .images) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try c.encode(content, forKey: .content)
        if !images.isEmpty { try c.encode(images, forKey: .images) }
    }
}

/// Token counts of one answer, and the cost when the server reports it (OpenRouter's `usage.cost`).
/// The details (cached prompt tokens, cache writes, reasoning tokens) are `nil` when the server
/// did not say; reasoning tokens are part of `completionTokens` and billed as output.
public struct Usage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    /// USD, only when the server said so.
    public var cost: Double?
    /// Prompt tokens read from the provider's cache (priced lower), part of `promptTokens`.
    public var cachedTokens: Int?
    /// Prompt tokens written to the provider's cache (priced higher on some), part of `promptTokens`.
    public var cacheWriteTokens: Int?
    /// Completion tokens spent thinking, part of `completionTokens`.
    public var reasoningTokens: Int?

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil, cost: Double? = nil,
                cachedTokens: Int? = nil, cacheWriteTokens: Int? = nil, reasoningTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? WireNumber.saturatingSum(promptTokens, completionTokens)
        self.cost = cost
        self.cachedTokens = cachedTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
    }

    /// Prompt tokens billed at the full prompt price: those not read from the cache.
    public var uncachedPromptTokens: Int {
        max(0, promptTokens - min(promptTokens, cachedTokens ?? 0))
    }
}
