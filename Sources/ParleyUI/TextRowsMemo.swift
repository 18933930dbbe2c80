import Synchronization

/// The rows of the text lines (outside code blocks) drawn lately, by line, width and theme.
///
/// Every frame draws each pane's answer again, and a streaming answer differs from the last
/// frame's only in its last line: wrapping the lines above it again, a `Character` at a time,
/// was most of a frame with four lanes streaming. A memo, not state: a kept entry is used only
/// for a line with the same bytes, drawn at the same width with an equal theme, and drawing a
/// text line depends on nothing else, so what is drawn never depends on it. Bounded by the
/// bytes of the lines it keeps; when full it starts over.
enum TextRowsMemo {
    /// Far more than a screenful of four panes (about 30 KB of text at 160x48).
    static let capacityBytes = 256 * 1024

    /// The width and theme one `Markdown.render` draws with, the theme looked up once.
    struct Context {
        let width: Int
        let theme: Theme
        fileprivate let themeID: Int

        init(width: Int, theme: Theme) {
            self.width = width
            self.theme = theme
            themeID = TextRowsMemo.memo.withLock { $0.id(of: theme) }
        }
    }

    private struct Memo {
        /// By "width:theme:line" — a `String`, not a struct of our own: the first dictionary
        /// keyed by a new `Hashable` type makes the runtime search every conformance record of
        /// the binary for it, and this one is first used while the first frame is drawn.
        var rows: [String: [StyledLine]] = [:]
        var bytes = 0
        /// The themes the keys' ids stand for (a chat has one, a `/theme` switch adds one).
        var themes: [Theme] = []

        mutating func id(of theme: Theme) -> Int {
            if let index = themes.firstIndex(of: theme) { return index }
            if themes.count == 8 {
                themes.removeAll()
                clear()
            }
            themes.append(theme)
            return themes.count - 1
        }

        mutating func clear() {
            rows.removeAll(keepingCapacity: true)
            bytes = 0
        }
    }

    private static let memo = Mutex(Memo())

    /// The bytes of the lines kept now (for tests).
    static var keptBytes: Int { memo.withLock { $0.bytes } }

    /// `Markdown.block(line)` in `context`, from the memo when it was drawn so lately.
    static func rows(_ line: Substring, in context: Context) -> [StyledLine] {
        let text = String(line)
        let key = "\(context.width):\(context.themeID):" + text
        if let kept = memo.withLock({ $0.rows[key] }) { return kept }
        let rows = Markdown.block(text, width: context.width, theme: context.theme)
        let size = text.utf8.count
        if size <= capacityBytes {
            memo.withLock { memo in
                if memo.bytes + size > capacityBytes { memo.clear() }
                memo.rows[key] = rows
                memo.bytes += size
            }
        }
        return rows
    }
}
