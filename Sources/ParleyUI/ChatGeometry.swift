/// The chat's rows walked from a position only as far as a view or a move needs: a page up from
/// a row draws the rows of that page (and of the entry it lands in, from its nearer end), never
/// the whole conversation. Pure, like the views; the reducer's scroll keys use it to move and
/// clamp a `ChatAnchor`, and `ChatView` to draw one.
struct ChatGeometry {
    /// An anchor resolved to a transcript index (see `ChatAnchor` for the sign of `row`).
    struct Position: Hashable {
        var index: Int
        var row: Int
    }

    let transcript: [TranscriptEntry]
    let width: Int
    let theme: Theme

    init(_ state: AppState, width: Int) {
        transcript = state.transcript
        self.width = width
        theme = state.theme
    }

    var count: Int { transcript.count }

    /// Entry `index`'s block cut to `limit`: a prefix (`first`) or suffix (`last`) with at least
    /// that many rows, or the whole block when it has fewer.
    func block(_ index: Int, _ limit: RowLimit) -> [StyledLine] {
        let separator = index > 0 ? [StyledLine()] : []
        let entry = transcript[index]
        switch limit {
        case .all:
            return separator + ChatView.lines(for: entry, width: width, theme: theme)
        case .first:
            return separator + ChatView.lines(for: entry, width: width, theme: theme, limit: limit.less(separator.count))
        case .last(let rows):
            let lines = ChatView.lines(for: entry, width: width, theme: theme, limit: limit)
            // The separator is the block's top row: part of the suffix only once the lines are all of it.
            return lines.count >= rows ? lines : separator + lines
        }
    }

    func anchor(_ position: Position) -> ChatAnchor {
        ChatAnchor(entry: transcript[position.index].id, row: position.row)
    }

    /// The position an anchor names now, moved into the entry that holds its row; nil when it
    /// is past the end. An anchor whose entry is gone holds at the start of the next one.
    func position(of anchor: ChatAnchor) -> Position? {
        guard let index = transcript.firstIndex(where: { $0.id >= anchor.entry }) else { return nil }
        guard transcript[index].id == anchor.entry else { return below(index, 0) }
        return anchor.row >= 0 ? below(index, anchor.row) : above(index + 1, -anchor.row)
    }

    /// The row `rows` up from `position`, clamped at the first row.
    func up(_ position: Position, by rows: Int) -> Position {
        if position.row >= 0 {
            let row = position.row - rows
            return row >= 0 ? Position(index: position.index, row: row) : above(position.index, -row)
        }
        return above(position.index + 1, rows - position.row)
    }

    /// The row `rows` down from `position`; nil past the last row.
    func down(_ position: Position, by rows: Int) -> Position? {
        if position.row < 0 {
            let fromEnd = -position.row - rows
            return fromEnd > 0 ? Position(index: position.index, row: -fromEnd) : below(position.index + 1, -fromEnd)
        }
        return below(position.index, position.row + rows)
    }

    /// The row `rows` above the top of block `start` (`count`: above the end), or the first row.
    func above(_ start: Int, _ rows: Int) -> Position {
        var index = min(start, count), need = rows
        while index > 0, need > 0 {
            index -= 1
            let block = block(index, .last(need + 1))
            if block.count == need { return Position(index: index, row: 0) }
            if block.count > need { return held(Position(index: index, row: -need)) }
            need -= block.count
        }
        return Position(index: min(index, max(0, count - 1)), row: 0)
    }

    /// The row `rows` below the top of block `start`; nil past the end.
    func below(_ start: Int, _ rows: Int) -> Position? {
        var index = start, row = rows
        while index < count {
            let block = block(index, .first(row + 1))
            if block.count > row { return Position(index: index, row: row) }
            row -= block.count
            index += 1
        }
        return nil
    }

    /// A row counted from the end of an answer still growing is counted from its top instead:
    /// text arriving at its end must not carry the reader's view along.
    private func held(_ position: Position) -> Position {
        guard position.row < 0, transcript[position.index].status == .streaming else { return position }
        let rows = block(position.index, .all).count
        return Position(index: position.index, row: max(0, rows + position.row))
    }

    /// Up to `height` rows from `position` down.
    func rows(from position: Position, height: Int) -> [StyledLine] {
        guard height > 0 else { return [] }
        var out: [StyledLine]
        if position.row >= 0 {
            out = Array(block(position.index, .first(position.row + height)).dropFirst(position.row))
        } else {
            out = Array(block(position.index, .last(-position.row)).suffix(-position.row))
        }
        var index = position.index + 1
        while out.count < height, index < count {
            out += block(index, .first(height - out.count))
            index += 1
        }
        return Array(out.prefix(height))
    }

    /// The last `height` rows of the conversation.
    func bottomRows(height: Int) -> [StyledLine] {
        var out: [StyledLine] = []
        var index = count
        while out.count < height, index > 0 {
            index -= 1
            out = block(index, .last(height - out.count)) + out
        }
        return Array(out.suffix(height))
    }

    /// Whether more rows follow the `height` rows shown from `position` (else the view is at
    /// the end, and may as well follow it).
    func hasRowsBelow(_ position: Position, height: Int) -> Bool {
        rows(from: position, height: height + 1).count > height
    }
}
