/// Which rows of a long text a view needs: drawing stops once it has at least that many. The
/// rows returned are a prefix (`first`) or a suffix (`last`) of what `all` would draw.
public enum RowLimit: Sendable, Hashable {
    case all
    case first(Int)
    case last(Int)

    /// The same limit after `rows` of it were filled by something else.
    func less(_ rows: Int) -> RowLimit {
        switch self {
        case .all: .all
        case .first(let n): .first(n - rows)
        case .last(let n): .last(n - rows)
        }
    }

    /// Whether `rows` already satisfy the limit.
    func isMet(by rows: Int) -> Bool {
        switch self {
        case .all: false
        case .first(let n), .last(let n): rows >= n
        }
    }

    /// A message cut to this limit: `head` (its label) above its text, `tail` (how it ended)
    /// below, and `text` drawing the text to a limit of its own. Cut at the bottom, the tail is
    /// left out once the rows are there; cut at the top, so is the head when the text alone fills
    /// the rows wanted (it may have been cut, and the head is further up still).
    func message(head: [StyledLine], tail: [StyledLine], text: (RowLimit) -> [StyledLine]) -> [StyledLine] {
        switch self {
        case .all:
            return head + text(.all) + tail
        case .first:
            let upper = head + text(less(head.count))
            return isMet(by: upper.count) ? upper : upper + tail
        case .last:
            let wanted = less(tail.count)
            let body = text(wanted)
            return (wanted.isMet(by: body.count) ? [] : head) + body + tail
        }
    }
}
