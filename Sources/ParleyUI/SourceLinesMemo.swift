import Synchronization

/// The source lines of the few long, finished answers drawn lately. A key pressed below a 1 MB
/// answer draws it several times (the scroll keys find their row, the view draws its rows), and
/// splitting the whole megabyte into lines each time was most of what a key cost. A memo, not
/// state: a kept entry is used only for a source with the same bytes as the one it was made
/// from, so what is drawn never depends on it. Answers still streaming are not kept: their text
/// changes at every frame, and a kept copy would make every append copy the whole text.
enum SourceLinesMemo {
    /// Shorter sources are split faster than they are compared and kept.
    static let minimumBytes = 16 * 1024
    /// The chat's answer in view and the panes of a four-lane comparison, with room to spare.
    static let capacity = 6

    private struct Entry: Sendable {
        var source: String
        var highlighting: Bool
        var lines: [Markdown.SourceLine]
    }

    private static let recent = Mutex<[Entry]>([])

    static func lines(_ source: String, highlighting: Bool) -> [Markdown.SourceLine] {
        guard source.utf8.count >= minimumBytes else { return Markdown.sourceLines(source, highlighting: highlighting) }
        let kept = recent.withLock { entries -> [Markdown.SourceLine]? in
            guard let index = entries.firstIndex(where: { $0.highlighting == highlighting && sameBytes($0.source, source) }) else {
                return nil
            }
            // The most recently used last: the first is the one to drop.
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.lines
        }
        if let kept { return kept }
        let lines = Markdown.sourceLines(source, highlighting: highlighting)
        recent.withLock { entries in
            entries.append(Entry(source: source, highlighting: highlighting, lines: lines))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
        return lines
    }

    /// Byte equality (a kept line is a range of the kept source's bytes), which for the same
    /// string's storage is one pointer comparison.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in x.baseAddress == y.baseAddress || x.elementsEqual(y) }
        }
    }
}
