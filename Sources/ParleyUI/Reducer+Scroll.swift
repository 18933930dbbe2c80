/// Scrolling the chat and the comparison panes. The chat is held at a row of an entry
/// (`ChatScroll.anchored`); a move walks only the rows it moves over (see `ChatGeometry`), so a
/// key costs the same after a 1 MB answer or in a 10,000-message conversation.
extension AppState {
    /// Whether the chat is held back from the newest text.
    public var isScrolledBack: Bool { chatScroll != .following }

    /// Follows the newest text again.
    mutating func followChat() {
        chatScroll = .following
        hasUnseenText = false
    }

    var pageSize: Int { max(1, Layout(state: self).chat.height - 1) }

    /// A page of the focused comparison pane, or of the shortest pane when they scroll together.
    var panePageSize: Int {
        guard let c = comparison else { return pageSize }
        let panes = CompareView.paneRects(for: c, in: CompareView.paneArea(Layout(state: self).chat))
        let heights = (c.focus.map { [$0] } ?? Array(c.lanes.indices)).compactMap { panes[$0].map(CompareView.bodyHeight) }
        guard let shortest = heights.min() else { return pageSize }
        return max(1, shortest - 1)
    }

    /// Scrolls what the chat area shows, up (positive) or down: the focused comparison pane, or
    /// with none focused every pane together, and once all of them show their start, the chat
    /// itself back to the earlier turns.
    mutating func scrollView(panes paneRows: Int, chat chatRows: Int) {
        guard showsComparisonPanes else { return scroll(by: chatRows) }
        if scrollPanes(by: paneRows) || comparison?.focus != nil || paneRows < 0 { return }
        scroll(by: chatRows)
    }

    /// Scrolls the chat up (positive) or down (negative) by rows, clamped to the content:
    /// held at the first row at the top, following the newest text once the end is in view.
    mutating func scroll(by rows: Int) {
        let layout = Layout(state: self)
        guard rows != 0, !layout.tooSmall, !transcript.isEmpty else { return }
        // Bounded, so a silly wheel value cannot overflow the arithmetic.
        let step = min(abs(rows == Int.min ? Int.max : rows), 1 << 20)
        let geometry = ChatGeometry(self, width: layout.chat.width)
        let height = layout.chat.height
        var from: ChatGeometry.Position?
        if case .anchored(let anchor) = chatScroll { from = geometry.position(of: anchor) }
        let to: ChatGeometry.Position?
        if rows > 0 {
            // From the end, the view's top is a screen above the last row.
            to = from.map { geometry.up($0, by: step) } ?? geometry.above(geometry.count, height + step)
        } else {
            to = from.flatMap { geometry.down($0, by: step) }
        }
        hold(at: to, geometry, height: height)
    }

    /// The first row of the conversation at the top of the view.
    mutating func scrollChatToTop() {
        let layout = Layout(state: self)
        guard !layout.tooSmall, !transcript.isEmpty else { return }
        let geometry = ChatGeometry(self, width: layout.chat.width)
        hold(at: ChatGeometry.Position(index: 0, row: 0), geometry, height: layout.chat.height)
    }

    /// Holds the chat at `position`, or follows the end when that shows the last rows anyway.
    private mutating func hold(at position: ChatGeometry.Position?, _ geometry: ChatGeometry, height: Int) {
        if let position, geometry.hasRowsBelow(position, height: height) {
            chatScroll = .anchored(geometry.anchor(position))
        } else {
            followChat()
        }
    }
}
