/// A conversation with how many messages it holds, as history lists show it.
public struct ConversationSummary: Sendable, Hashable, Codable {
    public var conversation: Conversation
    public var messageCount: Int

    public init(conversation: Conversation, messageCount: Int) {
        self.conversation = conversation
        self.messageCount = messageCount
    }
}
