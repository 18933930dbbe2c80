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
        var result: [Change] = []
        forEachChange(from: old, to: new) { x, y, cell in result.append(Change(x: x, y: y, cell: cell)) }
        return result
    }

    /// Calls `body` with each cell `changes` would list, in the same order, without building
    /// the list (the screen draws a whole frame this way: 7,680 cells at 160x48).
    static func forEachChange(from old: Canvas?, to new: Canvas, _ body: (_ x: Int, _ y: Int, _ cell: Cell) -> Void) {
        let full = old.map { $0.width != new.width || $0.height != new.height } ?? true
        let width = new.width
        // The cells are read in place, not copied out one by one through the subscript.
        new.cells.withUnsafeBufferPointer { cells in
            guard !full, let old else {
                for y in 0..<new.height {
                    for x in 0..<width where cells[y * width + x].width != 0 { body(x, y, cells[y * width + x]) }
                }
                return
            }
            old.cells.withUnsafeBufferPointer { before in
                for y in 0..<new.height {
                    for x in 0..<width {
                        let at = y * width + x
                        if cells[at].width == 0 { continue }
                        var changed = before[at] != cells[at]
                        if !changed, cells[at].width == 2, x + 1 < width {
                            changed = before[at + 1] != cells[at + 1]
                        }
                        if changed { body(x, y, cells[at]) }
                    }
                }
            }
        }
    }
}
