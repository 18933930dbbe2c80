public import Foundation

/// A message that matched a history search, with its conversation.
public struct SearchHit: Sendable, Hashable, Codable {
    public var conversationID: String
    public var conversationTitle: String
    /// `nil` when the conversation's title matched rather than a message.
    public var messageID: String?
    public var role: ChatMessage.Role?
    /// A stretch of text around the first match, on one line.
    public var snippet: String
    public var time: Date

    public init(conversationID: String, conversationTitle: String, messageID: String?, role: ChatMessage.Role?,
                snippet: String, time: Date) {
        self.conversationID = conversationID
        self.conversationTitle = conversationTitle
        self.messageID = messageID
        self.role = role
        self.snippet = snippet
        self.time = time
    }
}
