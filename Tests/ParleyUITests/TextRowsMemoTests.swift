import Testing
@testable import ParleyUI

@Suite("Markdown: rows of text lines kept between frames")
struct TextRowsMemoTests {
    @Test func keptRowsAreTheRowsOfTheSameLineWidthAndTheme() {
        let lines = ["A paragraph with **bold**, *italic* and `code` that wraps at a narrow width.",
                     "- a list item", "> a quote", "# Heading", "* * *", "   ", "plain"]
        for width in [12, 40] {
            let context = TextRowsMemo.Context(width: width, theme: .dark)
            for line in lines {
                let first = TextRowsMemo.rows(line[...], in: context)
                #expect(first == Markdown.block(line, width: width, theme: .dark))
                #expect(TextRowsMemo.rows(line[...], in: context) == first)
            }
        }
    }

    @Test func anotherThemeOrWidthIsNeverServedKeptRows() {
        let line = "Some **bold** text that is long enough to wrap at twenty columns."
        var recoloured = Theme.dark
        recoloured.styles[Theme.Role.text.rawValue] = Style(foreground: .ansi(1))
        let dark = TextRowsMemo.rows(line[...], in: .init(width: 20, theme: .dark))
        let other = TextRowsMemo.rows(line[...], in: .init(width: 20, theme: recoloured))
        #expect(other == Markdown.block(line, width: 20, theme: recoloured))
        #expect(other != dark)
        #expect(TextRowsMemo.rows(line[...], in: .init(width: 30, theme: .dark)) == Markdown.block(line, width: 30, theme: .dark))
    }

    @Test func aStreamingAnswerDrawsAsItWouldWithoutTheMemo() {
        // Each frame's answer is the last one's and a little more; every frame must be what
        // drawing it from scratch gives.
        var answer = ""
        let pieces = ["Hello, ", "this is **bold", "** text.\n", "- one\n- tw", "o\n\n", "# Head", "ing\n", "* * *\n", "end"]
        for piece in pieces {
            answer += piece
            let drawn = Markdown.render(answer, width: 16, theme: .dark, limit: .last(6))
            let fresh = Markdown.sourceLines(answer).flatMap { Markdown.block(String($0.text), width: 16, theme: .dark) }
            #expect(Array(drawn) == Array(fresh.suffix(drawn.count)))
        }
    }

    @Test func whatIsKeptStaysWithinItsBytes() {
        // A line longer than the memo is drawn, not kept; lines that would overflow it start it over.
        let long = String(repeating: " ", count: TextRowsMemo.capacityBytes + 1) + "x"
        let context = TextRowsMemo.Context(width: 80, theme: .dark)
        #expect(TextRowsMemo.rows(long[...], in: context) == Markdown.block(long, width: 80, theme: .dark))
        #expect(TextRowsMemo.keptBytes <= TextRowsMemo.capacityBytes)
        let line = String(repeating: "y", count: 1000)
        for index in 0..<(2 * TextRowsMemo.capacityBytes / 1000) {
            _ = TextRowsMemo.rows("\(index) \(line)"[...], in: context)
            #expect(TextRowsMemo.keptBytes <= TextRowsMemo.capacityBytes)
        }
    }
}
