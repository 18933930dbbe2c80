import Testing
@testable import ParleyUI

@Suite struct DisplayWidthTests {
    @Test func widths() {
        #expect("abc".displayWidth == 3)
        #expect("中文".displayWidth == 4)
        #expect("ｶﾀｶﾅ".displayWidth == 4)   // halfwidth katakana: one column each
        #expect("Ａ".displayWidth == 2)      // fullwidth Latin
        #expect("한국".displayWidth == 4)
        #expect("😀".displayWidth == 2)
        #expect("👍🏽".displayWidth == 2)    // skin tone modifier joins
        #expect("👨‍👩‍👧".displayWidth == 2)  // ZWJ family is one glyph
        #expect("🇫🇷".displayWidth == 2)
        #expect("❤️".displayWidth == 2)      // VS16 emoji presentation
        #expect("e\u{301}".displayWidth == 1) // combining acute
        #expect("\u{200B}".displayWidth == 0)
        #expect(Character("\u{1B}").displayWidth == 0)
    }

    /// Characters the hand-typed ranges got wrong; the table is now generated from Unicode data.
    @Test func widthsFromTheUnicodeTables() {
        #expect("\u{1F9CB}".displayWidth == 2)     // bubble tea (Unicode 13), emoji presentation
        #expect("\u{1FAE0}".displayWidth == 2)     // melting face (Unicode 14)
        #expect("\u{2E3B}".displayWidth == 1)      // three-em dash: neutral, one column
        #expect("ಕ\u{CBC}".displayWidth == 1)     // Kannada nukta combines
        #expect("\u{1D167}".displayWidth == 0)     // musical combining mark, plane 1
        #expect("\u{E0100}".displayWidth == 0)     // variation selector supplement
        #expect("\u{AD}".displayWidth == 1)        // soft hyphen is drawn
        #expect("\u{3400}\u{20000}".displayWidth == 4)   // CJK extensions A and B
    }

    @Test func controlCharactersBecomeVisible() {
        #expect(VisibleText.make("a\u{1B}[31mb") == "a^[[31mb")
        #expect(VisibleText.make("\u{7F}\u{9B}") == "^?<U+009B>")
        #expect(VisibleText.make("plain") == "plain")
        // A bidi override in a model name or title would reorder what follows it on screen.
        #expect(VisibleText.make("gpt\u{202E}4-mini\u{2066}x") == "gpt<U+202E>4-mini<U+2066>x")
        #expect(VisibleText.isControl("\u{202E}") && !VisibleText.isControl("\u{200F}"))
        // Hebrew with its ordinary right-to-left mark is left alone.
        #expect(VisibleText.make("שלום\u{200F}") == "שלום\u{200F}")
    }
}

@Suite struct WrapTests {
    func texts(_ lines: [StyledLine]) -> [String] { lines.map(\.plainText) }

    @Test func wrapsAtSpaces() {
        #expect(texts(Wrap.lines("the quick brown fox jumps", style: .plain, width: 10))
                == ["the quick", "brown fox", "jumps"])
    }

    @Test func breaksLongWordsByCharacters() {
        #expect(texts(Wrap.lines("abcdefghijkl", style: .plain, width: 5)) == ["abcde", "fghij", "kl"])
    }

    @Test func wideCharactersCountTwoColumns() {
        let lines = texts(Wrap.lines("中文字符测试", style: .plain, width: 5))
        #expect(lines == ["中文", "字符", "测试"])
        #expect(texts(Wrap.lines("ab 😀😀 cd", style: .plain, width: 4)) == ["ab", "😀😀", "cd"])
    }

    @Test func keepsNewlinesAndIndentation() {
        #expect(texts(Wrap.lines("a\n\n  b", style: .plain, width: 10)) == ["a", "", "  b"])
    }

    @Test func hangingPrefix() {
        let lines = Wrap.lines([Span("one two three", .plain)], width: 8, firstPrefix: [Span("• ", .plain)],
                               restPrefix: [Span("  ", .plain)])
        #expect(texts(lines) == ["• one", "  two", "  three"])
    }

    @Test func escapesControlsBeforeMeasuring() {
        #expect(texts(Wrap.lines("a\u{1B}b", style: .plain, width: 3)) == ["a^[", "b"])
    }
}

@Suite struct MarkdownTests {
    let theme = Theme.dark

    func render(_ text: String, width: Int = 40) -> [StyledLine] { Markdown.render(text, width: width, theme: theme) }

    @Test func headingsAndEmphasis() {
        let lines = render("# Title\nsome **bold** and *it* and `code`")
        #expect(lines.map(\.plainText) == ["Title", "some bold and it and code"])
        #expect(lines[0].spans.first?.style == theme[.heading])
        let spans = lines[1].spans
        #expect(spans.first { $0.text == "bold" }?.style.bold == true)
        #expect(spans.first { $0.text == "it" }?.style.italic == true)
        #expect(spans.first { $0.text == "code" }?.style == theme[.inlineCode])
    }

    @Test func snakeCaseIsNotItalic() {
        #expect(render("call my_var_name now").map(\.plainText) == ["call my_var_name now"])
    }

    @Test func fencedCodeIsIndentedAndNotReflowed() {
        let lines = render("```swift\nlet x = 1   // keep   spacing\n```\nafter", width: 20)
        // The label numbers the block (for `/copy N`) and names its language.
        #expect(lines.map(\.plainText) == ["  [1] swift", "  let x = 1   // kee", "  p   spacing", "after"])
        #expect(lines[1].fill == theme[.codeBlock])
        #expect(lines[3].fill == nil)
    }

    @Test func unclosedFenceWhileStreaming() {
        let lines = render("```\ncode so far")
        #expect(lines.map(\.plainText) == ["  [1]", "  code so far"])
        #expect(lines[1].fill == theme[.codeBlock])
    }

    @Test func listsQuotesAndRules() {
        let lines = render("- one\n2. two words here\n> quoted\n---", width: 12)
        #expect(lines.map(\.plainText) == ["• one", "2. two words", "   here", "│ quoted", String(repeating: "─", count: 12)])
    }
}

@Suite struct FuzzyMatchTests {
    @Test func subsequenceOrNothing() {
        #expect(FuzzyMatch.match("gpt", in: "openai/gpt-4o") != nil)
        #expect(FuzzyMatch.match("xyz", in: "openai/gpt-4o") == nil)
        #expect(FuzzyMatch.match("", in: "anything")?.score == 0)
    }

    @Test func contiguousAndWordStartsRankHigher() throws {
        let a = try #require(FuzzyMatch.match("gpt4", in: "openrouter:openai/gpt-4o-mini"))
        let b = try #require(FuzzyMatch.match("gpt4", in: "openrouter:meta/llama-guard-pro-t4"))
        #expect(a.score > b.score)
        let c = try #require(FuzzyMatch.match("claude", in: "openrouter:anthropic/claude-sonnet-4.6"))
        #expect(c.positions == Array(21..<27))
    }

    @Test func positionsPointAtMatchedCharacters() throws {
        let m = try #require(FuzzyMatch.match("df", in: "demo:fast"))
        #expect(m.positions == [0, 5])
    }
}

@Suite struct KeymapTests {
    @Test func parsesConfigStrings() {
        #expect(KeyBinding.parse("ctrl-n") == .ctrl("n"))
        #expect(KeyBinding.parse("C-n") == .ctrl("n"))
        #expect(KeyBinding.parse("Ctrl+N") == .ctrl("n"))
        #expect(KeyBinding.parse("f2") == .function(2))
        #expect(KeyBinding.parse("shift-f2") == .function(14))
        #expect(KeyBinding.parse("alt-enter") == .altEnter)
        #expect(KeyBinding.parse("alt-b") == .alt("b"))
        #expect(KeyBinding.parse("M-f") == .alt("f"))
        #expect(KeyBinding.parse("pgup") == .pageUp)
        #expect(KeyBinding.parse("esc") == .escape)
        #expect(KeyBinding.parse("?") == .character("?"))
        #expect(KeyBinding.parse("space") == .character(" "))
        #expect(KeyBinding.parse("hyper-x") == nil)
        #expect(KeyBinding.parse("") == nil)
    }

    @Test func describeRoundTrips() {
        for key in Keymap.defaults.bindings.keys {
            #expect(KeyBinding.parse(KeyBinding.describe(key)) == key, "\(key)")
        }
    }

    @Test func overridesRebindAndReportProblems() {
        var map = Keymap.defaults
        let problems = map.apply(overrides: ["next_model": ["f6"], "previous-model": ["alt-p", "bogus-key"], "fly": ["f7"]])
        #expect(map.command(for: .function(6)) == .nextModel)
        #expect(map.command(for: .ctrl("n")) == nil)
        #expect(map.command(for: .alt("p")) == .previousModel)
        #expect(problems.count == 2)
    }

    @Test func defaultsMatchTheDocumentation() {
        #expect(Keymap.defaults.command(for: .ctrl("n")) == .nextModel)
        #expect(Keymap.defaults.command(for: .function(2)) == .nextModel)
        #expect(Keymap.defaults.command(for: .ctrl("o")) == .openPicker)
        #expect(Keymap.defaults.command(for: .function(4)) == .toggleLog)
    }
}

@Suite struct EditorTests {
    @Test func editing() {
        var e = TextEditor(text: "hello world")
        e.moveWordLeft()
        #expect(e.cursor == 6)
        e.deleteWordBackward()
        #expect(e.text == "world")
        e.moveToLineEnd()
        e.insert("!")
        #expect(e.text == "world!")
        e.moveToLineStart()
        e.deleteForward()
        #expect(e.text == "orld!")
        e.moveWordRight()
        #expect(e.cursor == 4)
        e.killToLineStart()
        #expect(e.text == "!")
    }

    @Test func multiLineMovement() {
        var e = TextEditor(text: "first line\nsecond")
        #expect(e.isOnLastLine && !e.isOnFirstLine)
        let up = e.moveUp()
        #expect(up)
        #expect(e.cursor == 6)
        let upAgain = e.moveUp()
        #expect(!upAgain)
        let down = e.moveDown()
        #expect(down)
        #expect(e.cursor == 17)
        e.killToLineStart()
        #expect(e.text == "first line\n")
    }

    @Test func pasteNormalizesLineEnds() {
        var e = TextEditor()
        e.insert("a\r\nb\rc")
        #expect(e.text == "a\nb\nc")
    }

    @Test func layoutKeepsCursorInView() {
        var e = TextEditor(text: String(repeating: "x", count: 50))
        var layout = EditorLayout(editor: e, width: 10, maxRows: 3)
        #expect(layout.rows.count == 3)
        #expect(layout.cursorRow == 2)
        #expect(layout.cursorColumn == 0)   // the line fills five rows exactly; cursor on the sixth
        e.moveToLineStart()
        layout = EditorLayout(editor: e, width: 10, maxRows: 3)
        #expect(layout.cursorRow == 0 && layout.rows[0] == 0..<10)
    }

    @Test func layoutOfWideCharacters() {
        let e = TextEditor(text: "中文字")
        let layout = EditorLayout(editor: e, width: 4, maxRows: 5)
        #expect(layout.rows == [0..<2, 2..<3])
        #expect(layout.cursorRow == 1 && layout.cursorColumn == 2)
    }

    @Test func hugePasteIsLinear() {
        // A megabyte in one edit, then keystrokes: each is a splice, and layout only looks near the cursor.
        var e = TextEditor()
        e.insert(String(repeating: "0123456789abcdef\n", count: 65_536))
        for _ in 0..<100 { e.insert("x") }
        let layout = EditorLayout(editor: e, width: 80, maxRows: 8)
        #expect(layout.rows.count == 8)
        #expect(e.characters.count == 65_536 * 17 + 100)
    }
}

@Suite struct KeyHintTests {
    @Test func hintsFollowTheKeymap() {
        var map = Keymap.defaults
        #expect(map.hint(for: .newline) == "Ctrl-J")
        #expect(map.hint(for: .previousModel) == "Ctrl-P")
        #expect(map.hint(for: .send) == "Enter")
        _ = map.apply(overrides: ["newline": ["alt-enter"], "help": []])
        #expect(map.hint(for: .newline) == "Alt-Enter")
        #expect(map.hint(for: .help) == nil)
        #expect(KeyBinding.label(.function(14)) == "Shift-F2")
    }
}

@Suite struct EditorVerticalTests {
    @Test func upAndDownFollowWrappedRows() {
        var e = TextEditor(text: "abcdefghij\nxy")   // at width 4: abcd / efgh / ij, then xy
        e.moveToLineStart()           // start of "xy"
        e.moveRight()                 // after "x": column 1
        do { let moved = e.moveVertically(by: -1, width: 4); #expect(moved) }
        #expect(e.cursor == 9)        // "ij" row, column 1 → before "j"
        do { let moved = e.moveVertically(by: -1, width: 4); #expect(moved) }
        #expect(e.cursor == 5)        // "efgh" row, column 1
        do { let moved = e.moveVertically(by: -1, width: 4); #expect(moved) }
        #expect(e.cursor == 1)
        do { let moved = e.moveVertically(by: -1, width: 4); #expect(!moved) }
        e.moveToLineEnd()             // end of "abcdefghij" → on row "ij" at column 2
        do { let moved = e.moveVertically(by: 1, width: 4); #expect(moved) }
        #expect(e.cursor == 13)       // end of "xy"
        do { let moved = e.moveVertically(by: 1, width: 4); #expect(!moved) }
    }

    @Test func wideCharactersKeepTheirColumn() {
        var e = TextEditor(text: "中文字\nabcdef")
        do { let moved = e.moveVertically(by: -1, width: 10); #expect(moved) }
        #expect(e.cursor == 3)        // column 6 is past "中文字" (6 columns): its end
        var f = TextEditor(text: "abc\n中文")
        f.moveToLineStart()
        f.moveRight()                 // after 中: column 2
        do { let moved = f.moveVertically(by: -1, width: 10); #expect(moved) }
        #expect(f.cursor == 2)
    }

    @Test func longLineUpMovesBeforeRecallingHistory() {
        var s = makeState(width: 22, height: 16)   // 20 columns of text
        _ = s.send("older")
        s.type(String(repeating: "word ", count: 8))   // 40 characters: two rows
        s.press(.up)
        #expect(s.editor.text.hasPrefix("word"))
        #expect(s.editor.cursor == 20)   // the cursor was on the (empty) third row
        s.press(.up)
        #expect(s.editor.cursor == 0)
        s.press(.up)
        #expect(s.editor.text == "older")
    }
}
