/// Where the chat is scrolled: following the newest text, or held at a row of one message, so
/// that text arriving below never moves what the reader is reading, and neither the reducer nor
/// the view has to count the rows of the whole conversation to know where the view is (the way
/// a comparison pane holds `PanePosition.row`).
public enum ChatScroll: Sendable, Hashable {
    case following
    case anchored(ChatAnchor)
}

/// The chat's top row: a row of one transcript entry's block (the blank line above the entry,
/// except for the first, then its lines). `row >= 0` counts from the block's top; `row < 0`
/// counts back from its end (`-3`: the third row from the bottom), which is how a position
/// reached by paging up from below is known without drawing the whole entry. Any values are
/// accepted: the view resolves them when drawing, clamped at both ends.
public struct ChatAnchor: Sendable, Hashable {
    public var entry: Int
    public var row: Int

    public init(entry: Int, row: Int) {
        self.entry = entry
        self.row = row
    }
}
