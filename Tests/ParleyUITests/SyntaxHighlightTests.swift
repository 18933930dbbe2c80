import Testing
@testable import ParleyUI

/// Code blocks drawn with their styles: each cell written as a letter for its role —
/// K keyword, S string, C comment, N number, `.` the code block's own style, `?` anything else.
private func styles(_ source: String, theme: Theme = .dark, width: Int = 60, limit: RowLimit = .all) -> [String] {
    let roles: [(Character, Style)] = [
        ("K", Markdown.codeStyle(.keyword, base: theme[.codeBlock], theme: theme)),
        ("S", Markdown.codeStyle(.string, base: theme[.codeBlock], theme: theme)),
        ("C", Markdown.codeStyle(.comment, base: theme[.codeBlock], theme: theme)),
        ("N", Markdown.codeStyle(.number, base: theme[.codeBlock], theme: theme)),
        (".", theme[.codeBlock]),
    ]
    return Markdown.render(source, width: width, theme: theme, limit: limit).map { line in
        var text = "", tags = ""
        for span in line.spans {
            let tag = roles.first { $0.1 == span.style }?.0 ?? "?"
            for character in span.text {
                text.append(character)
                tags.append(character == " " ? " " : tag)
            }
        }
        return text + " | " + tags
    }.filter { !$0.hasPrefix(" | ") }
}

@Suite struct SyntaxHighlightTests {
    @Test func cLikeLanguagesMarkKeywordsStringsCommentsAndNumbers() {
        let rows = styles("""
            ```swift
            let x = "a \\" b" // note
            /* open
               still */ return 0x1F
            ```
            """)
        #expect(rows == [
            "  [1] swift |   ??? ?????",
            "  let x = \"a \\\" b\" // note |   KKK . . SS SS SS CC CCCC",
            "  /* open |   CC CCCC",
            "     still */ return 0x1F |      CCCCC CC KKKKKK NNNN",
        ], "\(rows.joined(separator: "\n"))")
        // The aliases of the family.
        for info in ["js", "ts", "typescript", "golang", "go", "rust", "c", "c++", "cpp"] {
            let drawn = styles("```\(info)\nreturn 42; // x\n```")
            #expect(drawn.last?.hasSuffix("KKKKKK NN. CC C") == true, "\(info): \(drawn)")
        }
        // Rust's lifetimes are not strings.
        #expect(styles("```rs\nfn f<'a>(x: &'a str) {}\n```").last == "  fn f<'a>(x: &'a str) {} |   KK ........ ... .... ..")
    }

    @Test func pythonLikeAndTripleQuotedStringsOverLines() {
        let rows = styles("""
            ```py
            def f(n=1.5):  # why
                s = \"\"\"doc
            # not a comment
            \"\"\" if n else None
            ```
            """)
        #expect(rows == [
            "  [1] py |   ??? ??",
            "  def f(n=1.5):  # why |   KKK ....NNN..  C CCC",
            "      s = \"\"\"doc |       . . SSSSSS",
            "  # not a comment |   S SSS S SSSSSSS",
            "  \"\"\" if n else None |   SSS KK . KKKK KKKK",
        ], "\(rows.joined(separator: "\n"))")
    }

    @Test func shellJSONYAMLAndSQL() {
        #expect(styles("```bash\nif [ -n \"$x\" ]; then echo a#b # done; fi\n```").last
            == "  if [ -n \"$x\" ]; then echo a#b # done; fi |   KK . .. SSSS .. KKKK KKKK ... C CCCCC CC")
        #expect(styles("```json\n{\"a\": [1, true, null]}\n```").last
            == "  {\"a\": [1, true, null]} |   .SSS. .N. KKKK. KKKK..")
        #expect(styles("```yml\nmax-tokens: 10 # cap\nname: 'x'\n```").suffix(2) == [
            "  max-tokens: 10 # cap |   KKKKKKKKKK. NN C CCC",
            "  name: 'x' |   KKKK. SSS",
        ])
        #expect(styles("```sql\nSELECT id FROM t WHERE n > 2 -- all\n```").last
            == "  SELECT id FROM t WHERE n > 2 -- all |   KKKKKK .. KKKK . KKKKK . . N CC CCC")
    }

    @Test func unknownLanguagesAndBlocksWithoutOneArePlain() {
        for source in ["```brainfuck\nreturn 1 // x\n```", "```\nreturn 1 // x\n```"] {
            #expect(styles(source).last == "  return 1 // x |   ...... . .. .", "\(source)")
        }
    }

    @Test func aHalfStreamedBlockHighlightsWhatHasArrived() {
        // Cut off inside a string, then inside a block comment: the rest of the line (and, for
        // the comment, the block) is string or comment, and nothing leaks out of the block.
        #expect(styles("```go\nx := \"unterminated").last == "  x := \"unterminated |   . .. SSSSSSSSSSSSS")
        #expect(styles("```c\nint a; /* still\nopen").suffix(2) == [
            "  int a; /* still |   KKK .. CC CCCCC",
            "  open |   CCCC",
        ])
        // A Python string that ended with its line does not run on: the next line is code again.
        #expect(styles("```python\nx = 'open\nreturn 1").last == "  return 1 |   KKKKKK N")
        // Text after the block's fence is prose again, whatever the block left open.
        let after = Markdown.render("```c\n/* open\n```\nplain", width: 40, theme: .dark)
        #expect(after.last?.spans.allSatisfy { $0.style == Theme.dark[.text] } == true)
    }

    @Test func viewsFromTheEndCarryTheStateOfTheLinesAbove() {
        let source = "```js\nconst s = `line one\n" + (0..<30).map { "line \($0)" }.joined(separator: "\n") + "\nend` + 1"
        let tail = styles(source, limit: .last(2))
        #expect(tail.last == "  end` + 1 |   SSSS . N", "\(tail)")
        #expect(tail.first?.hasSuffix("SSSS SS") == true, "\(tail)")
        #expect(styles(source, limit: .all).suffix(2) == tail)
    }

    @Test func themesGiveEveryRoleAStyleAndCustomThemesCanSetThem() {
        for theme in Theme.builtins where theme.name != "monochrome" {
            let base = theme[.codeBlock]
            for kind: SyntaxHighlighter.TokenKind in [.keyword, .string, .comment, .number] {
                #expect(Markdown.codeStyle(kind, base: base, theme: theme) != base, "\(theme.name) \(kind)")
                #expect(Markdown.codeStyle(kind, base: base, theme: theme).background == base.background)
            }
        }
        let custom = Theme(name: "mine", styles: ["code_keyword": Style(fg: "red", bg: nil)!], fallback: .dark)
        #expect(Markdown.codeStyle(.keyword, base: custom[.codeBlock], theme: custom).foreground == .ansi(1))
    }

    @Test func infoStringsFindTheLanguage() {
        #expect(SyntaxLanguage.named("Python title=\"x.py\"")?.name == "python")
        #expect(SyntaxLanguage.named("{.zsh}")?.name == "shell")
        #expect(SyntaxLanguage.named("yaml")?.name == "yaml")
        #expect(SyntaxLanguage.named("") == nil)
        #expect(SyntaxLanguage.named(String(repeating: "c", count: 5000)) == nil)
        #expect(SyntaxLanguage.named("  {.PY} linenos")?.name == "python")
        #expect(SyntaxLanguage.named("C++")?.name == "c++")
        #expect(SyntaxLanguage.named("{}") == nil)
        #expect(SyntaxLanguage.named("swiftly") == nil)
    }
}

@Suite struct SyntaxHighlightCanvasTests {
    /// The chat on screen: a streamed answer's code block in the theme's code colours, cell by
    /// cell, while the block is still open, and after it closed.
    @Test func theChatDrawsAStreamingCodeBlockInColour() throws {
        var s = makeState(width: 60, height: 16, theme: .dark)
        let request = try s.sent("code please")
        s.engine(request, .attemptStarted(model: fast, attempt: 1))
        s.engine(request, .firstToken(model: fast, latency: .milliseconds(100)))
        s.engine(request, .textDelta(model: fast, text: "Here:\n```python\nfor i in range(10):  # loop\n    print(\"hi"))
        var canvas = render(s)
        let rows = canvas.trimmedRows
        let y = try #require(rows.firstIndex { $0.contains("for i in range(10):") })
        let x = try #require(rows[y].range(of: "for")).lowerBound.utf16Offset(in: rows[y])
        let base = Theme.dark[.codeBlock]
        #expect(canvas[x, y].style == Markdown.codeStyle(.keyword, base: base, theme: .dark))
        #expect(canvas[x + 4, y].style == base, "i")
        #expect(canvas[x + 15, y].style == Markdown.codeStyle(.number, base: base, theme: .dark))
        #expect(canvas[x + 21, y].style == Markdown.codeStyle(.comment, base: base, theme: .dark))
        let open = y + 1
        let quote = try #require(rows[open].range(of: "\"hi")).lowerBound.utf16Offset(in: rows[open])
        #expect(canvas[quote + 2, open].style == Markdown.codeStyle(.string, base: base, theme: .dark))
        #expect(canvas[quote - 1, open].style == base, "the ( before the string")
        // The rest of the answer arrives: the string closes, the block ends, prose follows.
        s.engine(request, .textDelta(model: fast, text: "\")\n```\nDone."))
        canvas = render(s)
        let done = try #require(canvas.trimmedRows.firstIndex { $0.contains("Done.") })
        let doneX = try #require(canvas.trimmedRows[done].range(of: "Done.")).lowerBound.utf16Offset(in: canvas.trimmedRows[done])
        #expect(canvas[doneX, done].style == Theme.dark[.text])
        #expect(!canvas.hasRawControlCharacter)
    }
}
