/// The multi-line input editor: a buffer of characters and a cursor, edited by value.
///
/// The buffer is an array of `Character`s so the cursor is a plain index and every edit is a
/// single splice: a 1 MB paste is one O(n) insertion, and later keystrokes cost a memmove, never
/// a re-scan of the whole text.
public struct TextEditor: Sendable, Hashable {
    public private(set) var characters: [Character]
    /// Index into `characters` where the next character goes (0...count).
    public private(set) var cursor: Int

    public init(text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Replaces the whole text, cursor at the end (history recall, a failed send coming back).
    public mutating func setText(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Inserts text at the cursor as one edit. Carriage returns become newlines (pastes arrive
    /// with CR line ends from some terminals).
    public mutating func insert(_ text: String) {
        let normalized = text.contains("\r")
            ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        let new = Array(normalized)
        characters.insert(contentsOf: new, at: cursor)
        cursor += new.count
    }

    public mutating func insert(_ character: Character) {
        characters.insert(character, at: cursor)
        cursor += 1
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }

    public mutating func moveWordLeft() { cursor = wordStart(before: cursor) }
    public mutating func moveWordRight() {
        var i = cursor
        while i < characters.count, !isWordCharacter(characters[i]) { i += 1 }
        while i < characters.count, isWordCharacter(characters[i]) { i += 1 }
        cursor = i
    }

    public mutating func moveToLineStart() { cursor = lineStart(of: cursor) }
    public mutating func moveToLineEnd() { cursor = lineEnd(of: cursor) }

    /// Ctrl-W: deletes the word before the cursor (and the spaces after it).
    public mutating func deleteWordBackward() {
        let start = wordStart(before: cursor)
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Ctrl-U: deletes from the line start to the cursor; at a line start, joins with the line above.
    public mutating func killToLineStart() {
        var start = lineStart(of: cursor)
        if start == cursor, cursor > 0 { start = cursor - 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Ctrl-K: deletes from the cursor to the line end; at a line end, joins with the next line.
    public mutating func killToLineEnd() {
        var end = lineEnd(of: cursor)
        if end == cursor, cursor < characters.count { end = cursor + 1 }
        characters.removeSubrange(cursor..<end)
    }

    public var isOnFirstLine: Bool { lineStart(of: cursor) == 0 }
    public var isOnLastLine: Bool { lineEnd(of: cursor) == characters.count }

    /// Moves to the same column of the previous logical line; false when already on the first.
    @discardableResult
    public mutating func moveUp() -> Bool {
        let start = lineStart(of: cursor)
        guard start > 0 else { return false }
        let column = cursor - start
        let previousStart = lineStart(of: start - 1)
        cursor = min(previousStart + column, start - 1)
        return true
    }

    /// Moves to the same column of the next logical line; false when already on the last.
    @discardableResult
    public mutating func moveDown() -> Bool {
        let end = lineEnd(of: cursor)
        guard end < characters.count else { return false }
        let column = cursor - lineStart(of: cursor)
        let nextStart = end + 1
        cursor = min(nextStart + column, lineEnd(of: nextStart))
        return true
    }

    /// Moves one screen row up or down as the text is wrapped at `width` columns, keeping the
    /// display column; false when already on the first (or last) row of the whole text, which is
    /// when Up and Down recall history instead.
    @discardableResult
    public mutating func moveVertically(by direction: Int, width: Int) -> Bool {
        let start = lineStart(of: cursor), end = lineEnd(of: cursor)
        let rows = EditorLayout.wrap(characters, start..<end, width: width)
        let row = rows.firstIndex { cursor < $0.upperBound } ?? rows.count - 1
        let column = characters[rows[row].lowerBound..<cursor].reduce(0) { $0 + EditorLayout.cellWidth($1) }
        let target: Range<Int>
        let isLastOfLine: Bool
        if rows.indices.contains(row + direction) {
            target = rows[row + direction]
            isLastOfLine = row + direction == rows.count - 1
        } else if direction < 0, start > 0 {
            let previous = EditorLayout.wrap(characters, lineStart(of: start - 1)..<(start - 1), width: width)
            target = previous[previous.count - 1]
            isLastOfLine = true
        } else if direction > 0, end < characters.count {
            let next = EditorLayout.wrap(characters, (end + 1)..<lineEnd(of: end + 1), width: width)
            target = next[0]
            isLastOfLine = next.count == 1
        } else {
            return false
        }
        // The character at the same display column, or the row's end (a wrapped row's end is the
        // next row's start, so stop one before it).
        var index = target.lowerBound, used = 0
        let last = isLastOfLine ? target.upperBound : max(target.lowerBound, target.upperBound - 1)
        while index < last {
            let w = EditorLayout.cellWidth(characters[index])
            if used + w > column { break }
            used += w
            index += 1
        }
        cursor = index
        return true
    }

    func lineStart(of index: Int) -> Int {
        var i = index
        while i > 0, characters[i - 1] != "\n" { i -= 1 }
        return i
    }

    func lineEnd(of index: Int) -> Int {
        var i = index
        while i < characters.count, characters[i] != "\n" { i += 1 }
        return i
    }

    private func wordStart(before index: Int) -> Int {
        var i = index
        while i > 0, !isWordCharacter(characters[i - 1]) { i -= 1 }
        while i > 0, isWordCharacter(characters[i - 1]) { i -= 1 }
        return i
    }

    private func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
}
