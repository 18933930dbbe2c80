import Foundation

/// One message of a conversation as the wire carries it.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant, developer, tool
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
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
