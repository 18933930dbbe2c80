/// Where the editor's text falls on screen: rows wrapped by characters at the editor's width,
/// computed only around the cursor so a huge paste is not re-wrapped as a whole every frame.
public struct EditorLayout: Sendable, Hashable {
    /// Each visible row as a range of indices into the editor's characters.
    public var rows: [Range<Int>]
    /// The cursor's row within `rows` and its column in display cells.
    public var cursorRow: Int
    public var cursorColumn: Int
    /// True when there is more text than `rows` shows.
    public var truncated: Bool

    /// Lays out at most `maxRows` rows of `width` columns that contain the cursor.
    public init(editor: TextEditor, width: Int, maxRows: Int) {
        let width = max(1, width), maxRows = max(1, maxRows)
        let chars = editor.characters
        let cursor = editor.cursor

        // Rows of the cursor's logical line, then whole lines above and below it until the
        // window is full — never more than `maxRows` rows on either side.
        // Very long lines are wrapped only in a window around the point of interest, so that
        // typing after a one-line megabyte paste stays cheap. The window moves in whole chunks,
        // so the wrap is stable while the cursor stays nearby.
        let chunk = max(1024, maxRows * width * 2)
        let lineStart = editor.lineStart(of: cursor)
        let lineEnd = editor.lineEnd(of: cursor)
        var clipped = false
        let cursorLine = Self.wrap(chars, lineStart..<lineEnd, around: cursor, chunk: chunk, width: width, clipped: &clipped)
        var cursorRowInLine = cursorLine.count - 1
        for (i, row) in cursorLine.enumerated() where cursor < row.upperBound {
            cursorRowInLine = i
            break
        }
        var above: [Range<Int>] = Array(cursorLine[..<cursorRowInLine])
        var below: [Range<Int>] = Array(cursorLine[(cursorRowInLine + 1)...])
        let cursorRowRange = cursorLine[cursorRowInLine]
        var start = lineStart
        while above.count < maxRows, start > 0 {
            let previousStart = editor.lineStart(of: start - 1)
            above.insert(contentsOf: Self.wrap(chars, previousStart..<(start - 1), around: start - 1, chunk: chunk,
                                               width: width, clipped: &clipped), at: 0)
            start = previousStart
        }
        var end = lineEnd
        while below.count < maxRows, end < chars.count {
            let nextEnd = editor.lineEnd(of: end + 1)
            below.append(contentsOf: Self.wrap(chars, (end + 1)..<nextEnd, around: end + 1, chunk: chunk, width: width,
                                               clipped: &clipped))
            end = nextEnd
        }
        let all = above + [cursorRowRange] + below
        let cursorIndex = above.count
        let visible = min(maxRows, all.count)
        // Keep the cursor in view; while typing at the end it sits on the bottom row.
        let window = max(0, min(cursorIndex - visible + 1, all.count - visible))
        rows = Array(all[window..<(window + visible)])
        cursorRow = cursorIndex - window
        cursorColumn = chars[cursorRowRange.lowerBound..<min(cursor, cursorRowRange.upperBound)]
            .reduce(0) { $0 + Self.cellWidth($1) }
        truncated = clipped || all.count > visible || start > 0 || end < chars.count
    }

    /// Width of a character in the editor: control characters show in caret notation.
    static func cellWidth(_ c: Character) -> Int {
        VisibleText.isControl(c) ? VisibleText.escape(c).count : c.displayWidth
    }

    /// Wraps the part of a logical line within about a chunk of `index` (all of it when short).
    static func wrap(_ chars: [Character], _ range: Range<Int>, around index: Int, chunk: Int, width: Int,
                     clipped: inout Bool) -> [Range<Int>] {
        guard range.count > 3 * chunk else { return wrap(chars, range, width: width) }
        let anchor = range.lowerBound + max(0, ((index - range.lowerBound) / chunk - 1) * chunk)
        let end = min(range.upperBound, anchor + 3 * chunk)
        clipped = true
        return wrap(chars, anchor..<end, width: width)
    }

    /// Character-wraps one logical line. A line that exactly fills its last row gets an empty row
    /// after it, so a cursor at its end has somewhere to be.
    static func wrap(_ chars: [Character], _ range: Range<Int>, width: Int) -> [Range<Int>] {
        var rows: [Range<Int>] = []
        var rowStart = range.lowerBound
        var used = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let w = cellWidth(chars[i])
            if used + w > width, used > 0 {
                rows.append(rowStart..<i)
                rowStart = i
                used = 0
            }
            used += w
            i += 1
        }
        rows.append(rowStart..<range.upperBound)
        if used >= width { rows.append(range.upperBound..<range.upperBound) }
        return rows
    }
}
