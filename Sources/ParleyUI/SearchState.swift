import Foundation
public import ParleyModel

/// The /search overlay: the words typed, the matching messages of every conversation as the
/// store found them (newest first), and which one is selected.
public struct SearchState: Sendable, Hashable {
    /// The text searched for, as typed (typing in the overlay edits it and searches again).
    public var query: String
    /// The matches for `query`; nil while the store is still looking.
    public var hits: [SearchHit]?
    /// Index into `hits`.
    public var selected: Int

    public init(query: String = "", hits: [SearchHit]? = nil, selected: Int = 0) {
        self.query = query
        self.hits = hits
        self.selected = selected
    }

    /// Longest query kept: a search is a few words.
    static let maxQueryLength = SearchQuery.maxTextLength
    /// Most matches asked for: more than a screenful of lists is for `parley history search`.
    static let hitLimit = 200

    /// The query as the store is asked it: one line, no control characters, bounded.
    static func clean(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return String(line.filter { !VisibleText.isControl($0) }.prefix(maxQueryLength))
    }
}

/// The message a search result opened, to scroll to once its conversation is on screen.
public struct SearchFocus: Sendable, Hashable {
    public var conversationID: String
    /// Nil when the conversation's title matched: the conversation opens at its end.
    public var messageID: String?

    public init(conversationID: String, messageID: String?) {
        self.conversationID = conversationID
        self.messageID = messageID
    }
}
