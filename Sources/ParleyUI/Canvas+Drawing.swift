/// Drawing primitives shared by every view. They clip to the canvas (and to an optional right
/// edge), keep wide characters whole, and escape control characters so that no raw control
/// character ever lands in a cell.
extension Canvas {
    /// Each row as plain text, a wide character written once (its continuation cell skipped).
    /// Snapshot tests compare these, as ratatui's TestBackend does.
    public var rows: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width {
                let cell = self[x, y]
                if cell.width != 0 { line.append(cell.character) }
            }
            return line
        }
    }

    /// Writes one character at (x, y) and returns the columns used (0 when it did not fit before
    /// `limit`). A wide character that would straddle the limit is drawn as a space instead.
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, style: Style, limit: Int? = nil) -> Int {
        let edge = min(limit ?? width, width)
        guard y >= 0, y < height, x >= 0, x < edge else { return 0 }
        if VisibleText.isControl(character) {
            var used = 0
            for c in VisibleText.escape(character) {
                used += put(c, x: x + used, y: y, style: style, limit: edge)
            }
            return used
        }
        let w = character.displayWidth
        if w == 0 {
            return 0   // stray zero-width cluster: nothing to draw on its own
        }
        clearWideNeighbours(x: x, y: y, style: style)
        if w == 2 {
            guard x + 1 < edge else {
                self[x, y] = Cell(character: " ", width: 1, style: style)
                return 1
            }
            clearWideNeighbours(x: x + 1, y: y, style: style)
            self[x, y] = Cell(character: character, width: 2, style: style)
            self[x + 1, y] = .continuation(style)
            return 2
        }
        self[x, y] = Cell(character: character, width: 1, style: style)
        return 1
    }

    /// Writes `text` from (x, y), clipped at `limit` (default: the canvas edge). Returns the x
    /// after the last column written.
    @discardableResult
    public mutating func write(_ text: some StringProtocol, x: Int, y: Int, style: Style, limit: Int? = nil) -> Int {
        var cursor = x
        let edge = min(limit ?? width, width)
        for character in text {
            if cursor >= edge { break }
            cursor += put(character, x: cursor, y: y, style: style, limit: edge)
        }
        return cursor
    }

    /// Writes a styled line from (x, y), clipped at `limit`.
    @discardableResult
    public mutating func write(_ line: StyledLine, x: Int, y: Int, limit: Int? = nil) -> Int {
        var cursor = x
        for span in line.spans {
            cursor = write(span.text, x: cursor, y: y, style: span.style, limit: limit)
        }
        return cursor
    }

    /// Paints every cell of `rect` blank with `style` (a background, typically).
    public mutating func fill(_ rect: Rect, style: Style) {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { self[x, y] = Cell(character: " ", width: 1, style: style) }
        }
    }

    /// When a cell that is half of a wide character is overwritten, the other half would be left
    /// dangling; blank it so the grid stays consistent.
    private mutating func clearWideNeighbours(x: Int, y: Int, style: Style) {
        let cell = self[x, y]
        if cell.width == 0, x > 0, self[x - 1, y].width == 2 {
            self[x - 1, y] = Cell(character: " ", width: 1, style: self[x - 1, y].style)
        }
        if cell.width == 2, x + 1 < width {
            self[x + 1, y] = Cell(character: " ", width: 1, style: cell.style)
        }
    }

    /// Gives every cell left in the terminal's default colours the colours of `base`: a theme
    /// for a light background paints all of the screen, or dark text lands on a dark terminal.
    public mutating func paintDefaults(_ base: Style) {
        guard base.foreground != .default || base.background != .default else { return }
        for y in 0..<height {
            for x in 0..<width {
                var cell = self[x, y]
                if cell.style.foreground == .default { cell.style.foreground = base.foreground }
                if cell.style.background == .default { cell.style.background = base.background }
                self[x, y] = cell
            }
        }
    }
}
