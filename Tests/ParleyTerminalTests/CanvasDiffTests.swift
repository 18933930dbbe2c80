import Testing
import ParleyUI
@testable import ParleyTerminal

private func canvas(_ rows: [String]) -> Canvas {
    var canvas = Canvas(width: rows.map(\.count).max() ?? 0, height: rows.count)
    for (y, row) in rows.enumerated() {
        for (x, character) in row.enumerated() { canvas[x, y] = Cell(character: character) }
    }
    return canvas
}

private func positions(_ changes: [CanvasDiff.Change]) -> [[Int]] {
    changes.map { [$0.x, $0.y] }
}

@Suite("CanvasDiff")
struct CanvasDiffTests {
    @Test("no previous frame, or a different size: every cell")
    func full() {
        let new = canvas(["ab", "cd"])
        #expect(positions(CanvasDiff.changes(from: nil, to: new)) == [[0, 0], [1, 0], [0, 1], [1, 1]])
        #expect(CanvasDiff.changes(from: canvas(["abc"]), to: new).count == 4)
    }

    @Test("identical frames: nothing")
    func identical() {
        let frame = canvas(["hello", "world"])
        #expect(CanvasDiff.changes(from: frame, to: frame).isEmpty)
    }

    @Test("only changed cells, in row-major order")
    func changedCells() {
        let changes = CanvasDiff.changes(from: canvas(["hello", "world"]), to: canvas(["hallo", "worle"]))
        #expect(positions(changes) == [[1, 0], [4, 1]])
        #expect(changes.map(\.cell.character) == ["a", "e"])
    }

    @Test("a style change is a change")
    func style() {
        let old = canvas(["ab"])
        var new = old
        new[1, 0] = Cell(character: "b", style: Style(bold: true))
        #expect(positions(CanvasDiff.changes(from: old, to: new)) == [[1, 0]])
    }

    @Test("wide characters: continuation cells are never sent, either half changing resends")
    func wide() {
        let old = canvas(["abcd"])
        var new = old
        new[1, 0] = Cell(character: "中", width: 2)
        new[2, 0] = .continuation(.plain)
        #expect(positions(CanvasDiff.changes(from: old, to: new)) == [[1, 0]])

        // Back to narrow: both cells are sent.
        #expect(positions(CanvasDiff.changes(from: new, to: old)) == [[1, 0], [2, 0]])

        // Same wide character, but its continuation's style changed (e.g. a highlight).
        var restyled = new
        restyled[2, 0] = .continuation(Style(reverse: true))
        #expect(positions(CanvasDiff.changes(from: new, to: restyled)) == [[1, 0]])

        // Full redraw skips continuations too.
        #expect(positions(CanvasDiff.changes(from: nil, to: new)) == [[0, 0], [1, 0], [3, 0]])
    }
}

@Suite("Glyph")
struct GlyphTests {
    @Test("plain, wide and combined characters")
    func ordinary() {
        #expect(Glyph.scalars(for: Cell(character: "a")) == [97])
        #expect(Glyph.scalars(for: Cell(character: "中", width: 2)) == [20013])
        #expect(Glyph.scalars(for: Cell(character: "e\u{301}")) == [101, 0x301])
    }

    @Test("control characters never reach the terminal")
    func controls() {
        for character: Character in ["\u{1b}", "\u{7}", "\u{0}", "\u{7f}", "\u{9b}", "\r\n", "\t"] {
            let scalars = Glyph.scalars(for: Cell(character: character))
            #expect(scalars == [63], "\(character.unicodeScalars.map(\.value))")
        }
    }

    @Test("long clusters are cut to CCHARW_MAX")
    func longCluster() {
        let cluster = Character("a" + String(repeating: "\u{301}", count: 8))
        #expect(Glyph.scalars(for: Cell(character: cluster)).count == Glyph.maxScalars)
    }

    @Test("a wide character that does not fit is a space")
    func noRoom() {
        #expect(Glyph.scalars(for: Cell(character: "中", width: 2), fitsWide: false) == [32])
    }
}
