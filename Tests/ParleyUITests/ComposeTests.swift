import Testing
@testable import ParleyUI

/// `/editor` and `/copy`: what the reducer asks the runtime to do, and what comes back.
@Suite struct ComposeTests {
    @Test func theEditorGetsTheDraftAndItsTextComesBackAsTheDraftUnsent() {
        var s = makeState()
        s.type("first line")
        #expect(s.press(.ctrl("g")) == [.openEditor(draft: "first line")])
        // Typed as a command, the line is the command: the editor starts empty.
        s.editor.setText("/editor")
        #expect(s.press(.enter) == [.openEditor(draft: "")])

        let commands = reduce(&s, .editorFinished(.edited("written in vim\nsecond line\n")))
        #expect(commands.isEmpty, "nothing is sent")
        // The editor's final newline is not part of the draft.
        #expect(s.editor.text == "written in vim\nsecond line")
        #expect(s.notice?.isError == false)
        #expect(s.transcript.allSatisfy { $0.role != .user })
    }

    @Test func aFailedEditorKeepsTheDraftAndSaysWhy() {
        var s = makeState()
        s.type("keep me")
        _ = reduce(&s, .editorFinished(.failed("no editor: 'nano' was not found (set $VISUAL or $EDITOR)")))
        #expect(s.editor.text == "keep me")
        #expect(s.notice?.isError == true)
        #expect(s.notice?.text.contains("'nano' was not found") == true)
        #expect(s.notice?.text.contains("the draft is unchanged") == true)
    }

    @Test func copyTakesTheLastAnswerOrOneOfItsNumberedCodeBlocks() throws {
        var s = makeState(width: 60, height: 30)
        #expect(s.runSlashCommand("/copy").isEmpty)
        #expect(s.notice?.text == "no answer to copy yet")

        let first = try s.sent("one")
        s.answer(first, ["an older answer"])
        let second = try s.sent("two")
        let answer = "Use this:\n```swift\nlet a = 1\nlet b = 2\n```\nor in a shell:\n~~~\necho hi\n~~~\n"
        s.answer(second, [answer])

        #expect(s.runSlashCommand("/copy") == [.copyToClipboard(text: answer, what: "the answer")])
        #expect(s.runSlashCommand("/copy 1") == [.copyToClipboard(text: "let a = 1\nlet b = 2", what: "code block 1")])
        #expect(s.runSlashCommand("/copy 2") == [.copyToClipboard(text: "echo hi", what: "code block 2")])
        #expect(s.press(.alt("c")) == [.copyToClipboard(text: answer, what: "the answer")])

        #expect(s.runSlashCommand("/copy 3").isEmpty)
        #expect(s.notice == Notice("the answer has code blocks 1–2", isError: true))
        #expect(s.runSlashCommand("/copy zero").isEmpty)
        #expect(s.notice?.text.hasPrefix("usage: /copy") == true)

        // The numbers /copy takes are the ones on screen.
        let rows = render(s).trimmedRows
        #expect(rows.contains("    [1] swift"))
        #expect(rows.contains("    [2]"))
    }

    @Test func copyWhileTheNewestAnswerStreamsTakesItNeverAnOlderOne() throws {
        var s = makeState(width: 60, height: 30)
        let first = try s.sent("one")
        s.answer(first, ["an older answer"])
        let second = try s.sent("two")
        s.engine(second, .attemptStarted(model: fast, attempt: 1))
        // Nothing has arrived yet: Parley says so rather than copying the older answer.
        #expect(s.runSlashCommand("/copy").isEmpty)
        #expect(s.notice == Notice("the answer has not started yet: /copy again when it has text", isError: true))

        s.engine(second, .firstToken(model: fast, latency: .milliseconds(300)))
        s.engine(second, .textDelta(model: fast, text: "half of it"))
        #expect(s.runSlashCommand("/copy") == [.copyToClipboard(text: "half of it", what: "the answer so far")])
    }

    @Test func codeBlocksAreFoundWhateverTheFenceAndAnOpenOneCounts() {
        #expect(Markdown.codeBlocks(in: "no code here").isEmpty)
        #expect(Markdown.codeBlocks(in: "```\na\n```\ntext\n  ```py\nb\n\nc\n  ```") == ["a", "b\n\nc"])
        // A block still streaming (no closing fence yet) is there too.
        #expect(Markdown.codeBlocks(in: "x\n```\npartial") == ["partial"])
        // A fence marker of the other kind inside a block is code, not a close.
        #expect(Markdown.codeBlocks(in: "~~~\n```\n~~~") == ["```"])
    }
}
