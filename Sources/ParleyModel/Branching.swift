/// One message's place among its siblings (the messages with the same parent), for
/// "branch 2/3" and `/branch`.
public struct BranchPoint: Sendable, Hashable, Codable {
    /// The message of the current path at this point.
    public var messageID: String
    /// Every sibling in the order written, the current one included.
    public var siblings: [BranchOption]

    public init(messageID: String, siblings: [BranchOption]) {
        self.messageID = messageID
        self.siblings = siblings
    }

    /// From 1, as the chat shows it.
    public var position: Int { (siblings.firstIndex { $0.id == messageID } ?? 0) + 1 }
}

/// A branch that can be switched to: its first message.
public struct BranchOption: Sendable, Hashable, Codable {
    public var id: String
    public var role: ChatMessage.Role
    /// The start of its text on one line (raw: the chat sanitises what it shows).
    public var preview: String
    public var model: ModelRef?

    public init(id: String, role: ChatMessage.Role, preview: String, model: ModelRef?) {
        self.id = id
        self.role = role
        self.preview = preview
        self.model = model
    }
}

/// Where a turn's messages go in the conversation's tree.
public enum TurnPlacement: Sendable, Hashable {
    /// After the current leaf: the conversation goes on.
    case append
    /// A new answer to the last question on the current path, beside its earlier answers
    /// (`/regenerate`, Ctrl-R). The question is not written again.
    case regenerate
    /// The question replaces the last question of the current path as a sibling of it
    /// (`/edit`): the old question and its answers stay on their own branch.
    case editLastQuestion
}
