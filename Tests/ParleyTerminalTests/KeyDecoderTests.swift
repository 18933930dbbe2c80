import Testing
import Glibc
import ParleyUI
@testable import ParleyTerminal

/// Decodes `inputs` as one drain of `get_wch`, end of input included.
private func decode(_ inputs: [RawInput]) -> [InputEvent] {
    var decoder = KeyDecoder()
    var events: [InputEvent] = []
    for input in inputs { events += decoder.feed(input) }
    return events + decoder.endOfInput()
}

private func chars(_ text: String) -> [RawInput] {
    text.unicodeScalars.map { .character($0.value) }
}

private func keys(_ list: Key...) -> [InputEvent] { list.map { .key($0) } }

@Suite("KeyDecoder")
struct KeyDecoderTests {
    @Test("printable and wide characters arrive as one wchar each")
    func characters() {
        #expect(decode([.character(97), .character(233), .character(20013)])
                == keys(.character("a"), .character("é"), .character("中")))
        #expect(decode([.character(0x1F600)]) == keys(.character("😀")))
    }

    @Test("Enter is 13, Ctrl-J is 10 and stays distinct")
    func enterAndNewline() {
        #expect(decode([.character(13)]) == keys(.enter))
        #expect(decode([.character(10)]) == keys(.ctrl("j")))
        #expect(decode([.keyCode(CursesKey.enter)]) == keys(.enter))
    }

    @Test("Ctrl-letters", arguments: [(1, "a"), (3, "c"), (4, "d"), (11, "k"), (23, "w"), (26, "z")])
    func ctrlLetters(code: UInt32, letter: String) {
        #expect(decode([.character(code)]) == keys(.ctrl(Character(letter))))
    }

    @Test("Tab, Backspace spellings, Delete")
    func editingKeys() {
        #expect(decode([.character(9)]) == keys(.tab))
        #expect(decode([.keyCode(CursesKey.backTab)]) == keys(.backTab))
        #expect(decode([.character(127)]) == keys(.backspace))
        #expect(decode([.character(8)]) == keys(.backspace))
        #expect(decode([.keyCode(CursesKey.backspace)]) == keys(.backspace))
        #expect(decode([.keyCode(CursesKey.delete)]) == keys(.delete))
        #expect(decode([.keyCode(CursesKey.insert)]) == keys(.insert))
    }

    @Test("navigation keys")
    func navigation() {
        let table: [(Int32, Key)] = [
            (CursesKey.up, .up), (CursesKey.down, .down), (CursesKey.left, .left), (CursesKey.right, .right),
            (CursesKey.home, .home), (CursesKey.end, .end), (CursesKey.pageUp, .pageUp),
            (CursesKey.pageDown, .pageDown), (CursesKey.ctrlLeft, .ctrlLeft), (CursesKey.ctrlRight, .ctrlRight),
            (CursesKey.ctrlUp, .ctrlUp), (CursesKey.ctrlDown, .ctrlDown), (CursesKey.ctrlHome, .ctrlHome),
            (CursesKey.ctrlEnd, .ctrlEnd), (CursesKey.shiftLeft, .left), (CursesKey.shiftRight, .right),
        ]
        for (code, key) in table {
            #expect(decode([.keyCode(code)]) == keys(key), "code \(code)")
        }
        #expect(CursesKey.pageUp == 339)
    }

    @Test("F1 to F24 (F13-F24 are Shift-F1..F12)")
    func functionKeys() {
        #expect(CursesKey.function(1) == 265)
        for n in 1...24 {
            #expect(decode([.keyCode(CursesKey.function(n))]) == keys(.function(n)))
        }
        #expect(decode([.keyCode(CursesKey.function(25))]) == [])
    }

    @Test("unknown key codes and C1 controls are dropped")
    func unknown() {
        #expect(decode([.keyCode(CursesKey.ignored)]) == [])
        #expect(decode([.keyCode(CursesKey.max + 100)]) == [])
        #expect(decode([.character(0x9B)]) == [])
    }

    @Test("Alt-x is ESC then x in the same drain")
    func altKeys() {
        #expect(decode([.character(27), .character(120)]) == keys(.alt("x")))
        #expect(decode([.character(27), .character(88)]) == keys(.alt("X")))
        #expect(decode([.character(27), .character(233)]) == keys(.alt("é")))
        #expect(decode([.character(27), .character(13)]) == keys(.altEnter))
    }

    @Test("a lone ESC at the end of a drain is Escape")
    func escape() {
        #expect(decode([.character(27)]) == keys(.escape))
        var decoder = KeyDecoder()
        #expect(decoder.feed(.character(27)) == [])
        #expect(decoder.endOfInput() == keys(.escape))
        // The next drain starts afresh: "x" is just "x".
        #expect(decoder.feed(.character(120)) == keys(.character("x")))
        #expect(decode([.character(27), .character(27)]) == keys(.escape, .escape))
        #expect(decode([.character(27), .keyCode(CursesKey.up)]) == keys(.escape, .up))
    }

    @Test("ESC with a control key delivers both")
    func escapeThenControl() {
        #expect(decode([.character(27), .character(127)]) == keys(.escape, .backspace))
        #expect(decode([.character(27), .character(1)]) == keys(.escape, .ctrl("a")))
    }

    @Test("unknown CSI and SS3 sequences are swallowed, not typed")
    func unknownSequences() {
        #expect(decode(chars("\u{1b}[1;9Xa")) == keys(.character("a")))
        #expect(decode(chars("\u{1b}[?25hb")) == keys(.character("b")))
        #expect(decode(chars("\u{1b}Oxc")) == keys(.character("c")))
        // A bare ESC [ is Alt-[ typed by a person.
        #expect(decode(chars("\u{1b}[")) == keys(.alt("[")))
        #expect(decode(chars("\u{1b}O")) == keys(.alt("O")))
    }

    @Test("mouse wheel")
    func wheel() {
        #expect(decode([.mouse(buttons: CursesKey.wheelUpMask)]) == [.scroll(lines: -KeyDecoder.wheelLines)])
        #expect(decode([.mouse(buttons: CursesKey.wheelDownMask)]) == [.scroll(lines: KeyDecoder.wheelLines)])
        #expect(decode([.mouse(buttons: 0)]) == [])
        #expect(CursesKey.wheelUpMask != 0 && CursesKey.wheelDownMask != 0)
    }

    @Test("resize passes through, flushing a pending ESC first")
    func resize() {
        #expect(decode([.resize(width: 40, height: 10)]) == [.resize(width: 40, height: 10)])
        #expect(decode([.character(27), .resize(width: 1, height: 2)])
                == [.key(.escape), .resize(width: 1, height: 2)])
    }
}

@Suite("Bracketed paste")
struct PasteTests {
    private func paste(_ body: [RawInput]) -> [InputEvent] {
        decode([.keyCode(CursesKey.pasteBegin)] + body + [.keyCode(CursesKey.pasteEnd)])
    }

    @Test("text between the markers is one event")
    func simple() {
        #expect(paste(chars("hello 中文")) == [.paste("hello 中文")])
        #expect(paste([]) == [.paste("")])
    }

    @Test("CR, CRLF and LF all become one newline")
    func newlines() {
        #expect(paste(chars("a\rb\r\nc\nd\r\re")) == [.paste("a\nb\nc\nd\n\ne")])
        #expect(paste(chars("x\r")) == [.paste("x\n")])
    }

    @Test("a pasted Enter cannot send: no .enter event, and keys inside are dropped")
    func noKeysInsidePaste() {
        let events = paste(chars("one\r") + [.keyCode(CursesKey.up), .keyCode(CursesKey.enter)] + chars("two"))
        #expect(events == [.paste("one\n\ntwo")])
    }

    @Test("tabs stay, other controls and escapes are dropped")
    func controls() {
        #expect(paste(chars("a\tb\u{1b}[31mc\u{7}d\u{7f}")) == [.paste("a\tb[31mcd")])
    }

    @Test("a paste spans drains, and keys around it decode normally")
    func acrossDrains() {
        var decoder = KeyDecoder()
        var events = decoder.feed(.character(97))
        events += decoder.feed(.keyCode(CursesKey.pasteBegin))
        for input in chars("par") { events += decoder.feed(input) }
        events += decoder.endOfInput()
        #expect(decoder.isInPaste)
        for input in chars("t\r") { events += decoder.feed(input) }
        events += decoder.feed(.character(10))   // the LF of a CRLF split across drains
        events += decoder.feed(.keyCode(CursesKey.pasteEnd))
        events += decoder.feed(.character(13))
        events += decoder.endOfInput()
        #expect(events == [.key(.character("a")), .paste("part\n"), .key(.enter)])
    }

    @Test("a pending ESC before a paste is Escape")
    func escapeBeforePaste() {
        #expect(decode([.character(27), .keyCode(CursesKey.pasteBegin)] + chars("x") + [.keyCode(CursesKey.pasteEnd)])
                == [.key(.escape), .paste("x")])
    }

    @Test("a one-megabyte paste is a single event")
    func large() {
        let line = String(repeating: "x", count: 99) + "\r"
        let lines = 10_500   // 1,050,000 characters
        var decoder = KeyDecoder()
        var events = decoder.feed(.keyCode(CursesKey.pasteBegin))
        let scalars = Array(line.unicodeScalars)
        for _ in 0..<lines {
            for scalar in scalars { events += decoder.feed(.character(scalar.value)) }
        }
        events += decoder.feed(.keyCode(CursesKey.pasteEnd))
        #expect(events.count == 1)
        guard case .paste(let text)? = events.first else {
            Issue.record("no paste event")
            return
        }
        #expect(text.utf8.count == lines * 100)
        #expect(text.hasSuffix(String(repeating: "x", count: 99) + "\n"))
    }
}

@Suite("PasteReader")
struct PasteReaderTests {
    private func feed(_ bytes: [UInt8], _ body: (Int32) -> Void) {
        var fds: [Int32] = [-1, -1]
        precondition(pipe(&fds) == 0)
        bytes.withUnsafeBytes { _ = write(fds[1], $0.baseAddress, $0.count) }
        body(fds[0])
        _ = close(fds[0])
        _ = close(fds[1])
    }

    @Test("reads up to the end marker and hands back what follows")
    func endMarker() {
        feed(Array("héllo\r\nworld\u{1b}[201~ab".utf8)) { fd in
            let result = PasteReader(fd: fd, timeout: .milliseconds(50)).read()
            #expect(result == .init(body: Array("héllo\r\nworld".utf8), rest: Array("ab".utf8), sawEndMarker: true))
        }
    }

    @Test("a marker split between bytes already held and bytes still to read")
    func splitMarker() {
        feed(Array("201~x".utf8)) { fd in
            let result = PasteReader(fd: fd, timeout: .milliseconds(50)).read(startingWith: Array("abc\u{1b}[".utf8))
            #expect(result == .init(body: Array("abc".utf8), rest: Array("x".utf8), sawEndMarker: true))
        }
    }

    @Test("no end marker: gives up after the timeout with what it has")
    func timeout() {
        feed(Array("partial".utf8)) { fd in
            let result = PasteReader(fd: fd, timeout: .milliseconds(30)).read()
            #expect(result == .init(body: Array("partial".utf8), rest: [], sawEndMarker: false))
        }
    }

    @Test("raw bytes fed to the decoder: UTF-8 decoded, CRLF normalised")
    func decoderBytes() {
        var decoder = KeyDecoder()
        var events = decoder.feed(.keyCode(CursesKey.pasteBegin))
        events += decoder.feed(.pasteBytes(Array("中\r\nx\ry".utf8)))
        events += decoder.feed(.keyCode(CursesKey.pasteEnd))
        #expect(events == [.paste("中\nx\ny")])
    }
}
