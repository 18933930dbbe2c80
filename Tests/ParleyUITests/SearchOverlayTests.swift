import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

private func hit(_ conversation: String, _ title: String, message: String?, role: ChatMessage.Role?, _ snippet: String,
                 at offset: Double = 0) -> SearchHit {
    SearchHit(conversationID: conversation, conversationTitle: title, messageID: message, role: role, snippet: snippet,
              time: epoch.addingTimeInterval(offset))
}

private let hits = [
    hit("c2", "Swift actors", message: "m4", role: .assistant, "Actors are reentrant: an await lets others in", at: 60),
    hit("c1", "Rust lifetimes", message: "m1", role: .user, "Why do actors and lifetimes clash?"),
]

/// A state with `/search actors` answered by the store.
private func searchOpen(width: Int = 100, height: Int = 16, theme: Theme = .monochrome) -> AppState {
    var s = makeState(width: width, height: height, theme: theme)
    s.type("/search actors")
    #expect(s.press(.enter) == [.searchMessages(query: "actors", limit: SearchState.hitLimit)])
    _ = reduce(&s, .searchResults(query: "actors", hits: hits))
    return s
}

@Suite struct SearchOverlayTests {
    @Test func resultsShowTimeTitleRoleAndSnippetNewestFirst() {
        let s = searchOpen()
        let rows = render(s).trimmedRows
        #expect(rows.contains { $0.contains("Search — “actors” · 2 matches") }, "\(rows.joined(separator: "\n"))")
        let first = rows.firstIndex { $0.contains("2026-05-28 20:27  Swift actors") && $0.contains("assistant Actors are reentrant") }
        let second = rows.firstIndex { $0.contains("2026-05-28 20:26  Rust lifetimes") && $0.contains("user      Why do actors") }
        #expect(first != nil && second != nil && first! < second!)
        #expect(rows.contains { $0.contains("type to refine · Enter open at the match · Escape close") })
    }

    @Test func theMatchedWordsHaveTheMatchStyle() throws {
        let s = searchOpen(theme: .dark)
        let canvas = render(s)
        let y = try #require(canvas.trimmedRows.firstIndex { $0.contains("Why do actors") })
        let row = canvas.trimmedRows[y]
        let wordX = try #require(row.range(of: "actors and")).lowerBound.utf16Offset(in: row)
        let matchStyle = Theme.dark[.match]
        #expect((0..<6).allSatisfy { canvas[wordX + $0, y].style == matchStyle })
        #expect(canvas[wordX + 7, y].style != matchStyle, "only the word is marked")
        let whyX = try #require(row.range(of: "Why")).lowerBound.utf16Offset(in: row)
        #expect(canvas[whyX, y].style != matchStyle)
    }

    @Test func aMatchFarIntoTheSnippetIsShiftedIntoView() {
        let far = String(repeating: "filler ", count: 12) + "needle at the end"
        let line = SearchView.snippetLine(far, query: SearchQuery("needle"), width: 30, text: .plain, match: Theme.dark[.match])
        #expect(line.plainText.hasPrefix("…"))
        #expect(line.spans.contains { $0.text == "needle" && $0.style == Theme.dark[.match] })
        let shown = String(line.plainText.prefix(30))
        #expect(shown.contains("needle"))
    }

    @Test func enterOpensTheConversationAndScrollsToTheMessage() {
        var s = searchOpen(width: 60, height: 12)
        s.press(.down)
        #expect(s.press(.enter) == [.openConversation(id: "c1")])
        #expect(s.overlay == nil)
        // The conversation as the store returns it: the match is the first of many messages.
        let conversation = Conversation(id: "c1", title: "Rust lifetimes", systemPrompt: nil, created: epoch, updated: epoch)
        var messages = [StoredMessage(id: "m1", conversationID: "c1", role: .user,
                                      content: "Why do actors and lifetimes clash?", status: .complete, created: epoch)]
        for i in 0..<20 {
            messages.append(StoredMessage(id: "a\(i)", conversationID: "c1", role: i % 2 == 0 ? .assistant : .user,
                                          content: "line \(i)", status: .complete, created: epoch))
        }
        _ = reduce(&s, .conversationLoaded(conversation, messages))
        #expect(s.chatScroll == .anchored(ChatAnchor(entry: s.transcript[0].id, row: 0)))
        #expect(render(s).trimmedRows.contains { $0.contains("Why do actors and lifetimes clash?") })
        #expect(s.notice?.text == "opened “Rust lifetimes” at the match")
        #expect(s.searchFocus == nil)
    }

    @Test func aMatchNearTheEndFollowsTheChat() {
        var s = searchOpen(width: 60, height: 12)
        s.press(.enter)
        let conversation = Conversation(id: "c2", title: "Swift actors", systemPrompt: nil, created: epoch, updated: epoch)
        let messages = [
            StoredMessage(id: "m3", conversationID: "c2", role: .user, content: "Are actors reentrant?", status: .complete, created: epoch),
            StoredMessage(id: "m4", conversationID: "c2", role: .assistant, content: "Actors are reentrant: an await lets others in",
                          status: .complete, created: epoch),
        ]
        _ = reduce(&s, .conversationLoaded(conversation, messages))
        #expect(s.chatScroll == .following)
        #expect(render(s).trimmedRows.contains { $0.contains("Actors are reentrant") })
    }

    @Test func typingRefinesAndStaleAnswersAreDropped() {
        var s = searchOpen()
        #expect(s.type(" r") == [.searchMessages(query: "actors ", limit: SearchState.hitLimit),
                                 .searchMessages(query: "actors r", limit: SearchState.hitLimit)])
        #expect(render(s).trimmedRows.contains { $0.contains("searching…") })
        // The answer to an older query arrives late: ignored.
        _ = reduce(&s, .searchResults(query: "actors", hits: hits))
        #expect(render(s).trimmedRows.contains { $0.contains("searching…") })
        _ = reduce(&s, .searchResults(query: "actors r", hits: []))
        #expect(render(s).trimmedRows.contains { $0.contains("no message contains “actors r”") })
        #expect(s.press(.enter).isEmpty)
        // Backspace and Ctrl-U edit the words; q and space are text, not close or page.
        s.press(.backspace)
        #expect(s.overlay == .search(SearchState(query: "actors ", hits: nil)))
        #expect(s.press(.ctrl("u")).isEmpty, "no words: nothing to ask")
        #expect(render(s).trimmedRows.contains { $0.contains("type words to find them in every conversation") })
        s.type("q")
        if case .search(let search)? = s.overlay { #expect(search.query == "q") } else { Issue.record("closed") }
        s.press(.escape)
        #expect(s.overlay == nil)
    }

    @Test func theKeyCommandOpensItEmptyAndPastesJoinTheQuery() {
        var s = makeState()
        #expect(s.press(.ctrl("s")).isEmpty)
        #expect(s.overlay == .search(SearchState(query: "", hits: [])))
        let commands = reduce(&s, .input(.paste("bor\u{1B}[2Jrow\nsecond line")))
        #expect(commands == [.searchMessages(query: "bor[2Jrow", limit: SearchState.hitLimit)])
        s.press(.ctrl("s"))
        #expect(s.overlay == nil, "the key that opens it closes it")
    }

    @Test func hostileTitlesAndSnippetsAreDrawnVisible() {
        var s = makeState(width: 100)
        s.type("/search x")
        s.press(.enter)
        _ = reduce(&s, .searchResults(query: "x", hits: [
            hit("c9", "evil\u{1B}]52;c;AAAA\u{7}", message: "m", role: .assistant, "x \u{1B}[31mred\u{9B}"),
        ]))
        let canvas = render(s)
        #expect(!canvas.hasRawControlCharacter)
        #expect(canvas.trimmedRows.contains { $0.contains("x ^[[31mred<U+009B>") })
    }
}
