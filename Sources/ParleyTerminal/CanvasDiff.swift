import ParleyUI

/// Which cells of a canvas to send to the terminal, given the frame drawn before it.
enum CanvasDiff {
    struct Change: Sendable, Hashable {
        var x: Int
        var y: Int
        var cell: Cell
    }

    /// The cells of `new` that differ from `old`, in row-major order, or all of them when
    /// there is no previous frame or its size differs (after a resize: a full redraw).
    ///
    /// Continuation cells (the right half of a wide character) are never listed: drawing the
    /// wide character covers them. A wide character is listed when either of its halves
    /// changed, so one that replaces two narrow ones, or whose right half was overwritten
    /// before, is redrawn whole.
    static func changes(from old: Canvas?, to new: Canvas) -> [Change] {
        let full = old.map { $0.width != new.width || $0.height != new.height } ?? true
        var result: [Change] = []
        if full { result.reserveCapacity(new.width * new.height) }
        for y in 0..<new.height {
            for x in 0..<new.width {
                let cell = new[x, y]
                if cell.width == 0 { continue }
                guard !full, let old else {
                    result.append(Change(x: x, y: y, cell: cell))
                    continue
                }
                var changed = old[x, y] != cell
                if !changed, cell.width == 2, x + 1 < new.width {
                    changed = old[x + 1, y] != new[x + 1, y]
                }
                if changed { result.append(Change(x: x, y: y, cell: cell)) }
            }
        }
        return result
    }
}
