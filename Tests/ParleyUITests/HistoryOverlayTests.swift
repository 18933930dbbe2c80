import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

private func summary(_ id: String, _ title: String, messages: Int = 2, at time: Date = epoch) -> ConversationSummary {
    ConversationSummary(conversation: Conversation(id: id, title: title, systemPrompt: nil, created: time, updated: time),
                        messageCount: messages)
}

/// A state with /history open on three conversations, newest first.
private func historyOpen(width: Int = 80, height: Int = 16) -> AppState {
    var s = makeState(width: width, height: height)
    s.type("/history")
    s.press(.enter)
    _ = reduce(&s, .historyLoaded([
        summary("c3", "Rust lifetimes", messages: 6, at: epoch.addingTimeInterval(3600)),
        summary("c2", "Dinner ideas", messages: 1),
        summary("c1", "Rust macros", messages: 4, at: epoch.addingTimeInterval(-86_400)),
    ]))
    return s
}

@Suite struct HistoryOverlayTests {
    @Test func rowsShowLocalDateTimeAndMessageCount() {
        var s = historyOpen()
        var rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("2026-05-28 21:26  Rust lifetimes") && $0.hasSuffix("6 messages │") })
        #expect(rows.contains { $0.contains("2026-05-28 20:26  Dinner ideas") && $0.hasSuffix("1 message │") })
        #expect(rows.contains { $0.contains("History — type to filter") })
        #expect(rows.contains { $0.contains("Enter open · Ctrl-D delete · Ctrl-R rename · Escape close") }, "\(rows.joined(separator: "\n"))")
        // The time is the state's zone's: two hours ahead in Athens in May.
        s.timeZone = LocalZone(secondsEastOfUTC: 3 * 3600)   // Europe/Athens in summer (EEST)
        rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("2026-05-28 23:26  Dinner ideas") })
    }

    @Test func typingFiltersByTitleCaseInsensitively() {
        var s = historyOpen()
        s.type("RUST")
        var rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("History — filter: RUST · 2 of 3") })
        #expect(rows.contains { $0.contains("Rust lifetimes") })
        #expect(rows.contains { $0.contains("Rust macros") })
        #expect(!rows.contains { $0.contains("Dinner ideas") })
        // q and space are text here, not "close" and "page down".
        s.type(" m")
        #expect(s.overlay != nil)
        rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("Rust macros") } && !rows.contains { $0.contains("Rust lifetimes") })
        #expect(s.press(.enter) == [.openConversation(id: "c1")])

        var t = historyOpen()
        t.type("rust m")
        t.press(.backspace, .backspace)
        #expect(render(t).trimmedRows.contains { $0.contains("filter: rust · 2 of 3") })
        t.press(.down)
        #expect(t.press(.enter) == [.openConversation(id: "c1")])

        var u = historyOpen()
        u.type("zzz")
        #expect(render(u).trimmedRows.contains { $0.contains("no title contains “zzz”") })
        #expect(u.press(.enter).isEmpty)
        u.press(.ctrl("u"))
        #expect(render(u).trimmedRows.contains { $0.contains("Dinner ideas") })
    }

    @Test func deleteAsksThenDeletesOnY() {
        var s = historyOpen()
        s.press(.down)
        #expect(s.press(.ctrl("d")).isEmpty)
        #expect(render(s).trimmedRows.contains { $0.contains("Delete “Dinner ideas” and its 1 message? y / n") })
        // n keeps it.
        #expect(s.type("n").isEmpty)
        #expect(render(s).trimmedRows.contains { $0.contains("Dinner ideas") })
        s.press(.delete)
        #expect(s.type("y") == [.deleteConversation(id: "c2")])
        #expect(!render(s).trimmedRows.contains { $0.contains("Dinner ideas") })
        #expect(s.overlay != nil)
        // The runtime answers with the stored list and a notice, shown in the overlay.
        _ = reduce(&s, .historyLoaded([summary("c3", "Rust lifetimes"), summary("c1", "Rust macros")]))
        _ = reduce(&s, .notice("deleted “Dinner ideas” (its costs stay in the usage)"))
        #expect(render(s).trimmedRows.contains { $0.contains("deleted “Dinner ideas”") })
    }

    @Test func deletingTheOpenConversationClearsTheChat() throws {
        var s = historyOpen()
        s.conversationID = "c3"
        s.transcript = [TranscriptEntry(id: 90, role: .user, text: "old question")]
        s.press(.ctrl("d"))
        let commands = s.type("y")
        #expect(commands == [.newConversation, .deleteConversation(id: "c3")])
        #expect(s.conversationID == nil && s.transcript.isEmpty)
    }

    @Test func renameEditsTheTitleInline() {
        var s = historyOpen()
        s.press(.function(2))
        var rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("new title · Enter save · Escape cancel") })
        #expect(render(s).cursor != nil)
        s.press(.ctrl("u"))   // the chat's kill_to_start clears it
        s.type("Borrowing, explained")
        s.press(.left, .backspace)   // the chat's editing keys work in the title
        rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("Borrowing, explaind") })
        #expect(s.press(.enter) == [.renameConversation(id: "c3", title: "Borrowing, explaind")])
        #expect(render(s).trimmedRows.contains { $0.contains("Borrowing, explaind") })

        // Esc cancels, and an empty title is refused.
        var t = historyOpen()
        t.press(.ctrl("r"))
        t.type(" extra")
        t.press(.escape)
        #expect(t.overlay != nil)
        #expect(render(t).trimmedRows.contains { $0.contains("Rust lifetimes") && !$0.contains("extra") })
        t.press(.ctrl("r"), .ctrl("u"))
        #expect(t.press(.enter).isEmpty)
        #expect(render(t).trimmedRows.contains { $0.contains("a title cannot be empty") })
    }

    @Test func hostileTitlesAreShownSafely() {
        var s = makeState(width: 80)
        s.type("/history")
        s.press(.enter)
        _ = reduce(&s, .historyLoaded([summary("x", "evil \u{1B}]52;c;AAAA\u{07} title\u{9B}2J")]))
        let canvas = render(s)
        #expect(!canvas.hasRawControlCharacter)
        #expect(canvas.trimmedRows.contains { $0.contains("evil ^[]52;c;AAAA^G title<U+009B>2J") })
        s.press(.ctrl("r"))
        #expect(!render(s).hasRawControlCharacter)
        // A pasted title keeps one line and no controls.
        s.press(.ctrl("u"))
        _ = reduce(&s, .input(.paste("clean\u{1B}[31m\nsecond line")))
        #expect(s.press(.enter) == [.renameConversation(id: "x", title: "clean[31m")])
    }

    @Test func pagingAndTheWheelMoveTheSelection() {
        var s = makeState(width: 80, height: 12)
        s.type("/history")
        s.press(.enter)
        _ = reduce(&s, .historyLoaded((0..<30).map { summary("c\($0)", "Chat number \($0)") }))
        s.press(.pageDown)
        guard case .history(let paged)? = s.overlay else { Issue.record("closed"); return }
        #expect(paged.selected == HistoryView.listRows(forScreenHeight: 12))
        s.press(.ctrlEnd)
        #expect(render(s).trimmedRows.contains { $0.contains("Chat number 29") })
        _ = reduce(&s, .input(.scroll(lines: -3)))
        guard case .history(let wheeled)? = s.overlay else { Issue.record("closed"); return }
        #expect(wheeled.selected == 26)
        #expect(s.press(.enter) == [.openConversation(id: "c26")])
    }
}

@Suite struct KeyDocsTests {
    /// docs/keys.md names every key command by its config name, and every key context.
    @Test func keysDocNamesEveryCommandAndContext() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/keys.md"), encoding: .utf8)
        for command in KeyCommand.allCases { #expect(doc.contains("`\(command.rawValue)`"), "\(command)") }
        for context in KeyContext.allCases { #expect(doc.contains("| `\(context.rawValue)` |"), "\(context)") }
    }
}
