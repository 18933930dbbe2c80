import Foundation
public import ParleyModel

/// The /history overlay: which row is selected in the list as filtered, the filter typed so
/// far, and whether a delete is waiting for its y/n or a title is being edited.
public struct HistoryState: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case browsing
        /// "Delete …? y/n" for the conversation with this id.
        case confirmingDelete(id: String)
        /// The new title being typed for the conversation with this id.
        case renaming(id: String, title: TextEditor)
    }

    /// Index into the filtered list.
    public var selected: Int
    /// Typed characters; the list shows the conversations whose title contains it.
    public var filter: String
    public var mode: Mode

    public init(selected: Int = 0, filter: String = "", mode: Mode = .browsing) {
        self.selected = selected
        self.filter = filter
        self.mode = mode
    }

    /// Longest title kept: a title is one line of a list, not a document.
    static let maxTitleLength = 200

    /// The conversations the filter lets through, in their order (newest first). The filter is
    /// a substring of the title as shown, ignoring case and accents; an empty filter passes all.
    public static func matches(_ filter: String, in conversations: [ConversationSummary]) -> [ConversationSummary] {
        let wanted = filter.trimmingCharacters(in: .whitespaces)
        guard !wanted.isEmpty else { return conversations }
        return conversations.filter {
            VisibleText.make($0.conversation.title)
                .range(of: wanted, options: [.caseInsensitive, .diacriticInsensitive]) != nil
        }
    }

    /// A typed title as it may be stored: one line, no control characters, trimmed, bounded.
    /// Nil when nothing is left.
    static func cleanTitle(_ text: String) -> String? {
        let oneLine = text.map { VisibleText.isControl($0) ? " " : String($0) }.joined()
        let trimmed = oneLine.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        return String(trimmed.prefix(maxTitleLength))
    }
}
