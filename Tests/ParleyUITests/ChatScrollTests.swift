import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

/// Every row of the chat drawn in full, then cut where the state's scroll says: the reference a
/// held (anchored) chat must match, computed without `ChatGeometry`.
func drawingEverything(_ s: AppState) -> [String] {
    let chat = Layout(state: s).chat
    var all: [String] = []
    var starts: [Int: (start: Int, count: Int)] = [:]
    for (i, entry) in s.transcript.enumerated() {
        let block = (i > 0 ? [""] : []) + ChatView.lines(for: entry, width: chat.width, theme: s.theme).map(\.plainText)
        starts[entry.id] = (all.count, block.count)
        all += block
    }
    let bottom = max(0, all.count - chat.height)
    var top = bottom
    if case .anchored(let anchor) = s.chatScroll, let block = starts[anchor.entry] {
        top = block.start + (anchor.row >= 0 ? anchor.row : block.count + anchor.row)
        if top + chat.height > all.count { top = bottom }
    }
    return all[top..<min(all.count, top + chat.height)].map(trimmed)
}

func trimmed(_ row: String) -> String { String(row.reversed().drop { $0 == " " }.reversed()) }

/// The chat's rows as drawn on the screen.
func chatRows(_ s: AppState) -> [String] {
    Array(render(s).trimmedRows.prefix(Layout(state: s).chat.height))
}

func loaded(_ texts: [(ChatMessage.Role, String)], width: Int = 60, height: Int = 16) -> AppState {
    var s = makeState(width: width, height: height)
    let conversation = Conversation(id: "c1", title: "t", systemPrompt: nil, created: epoch, updated: epoch)
    let messages = texts.map { StoredMessage(conversationID: "c1", role: $0.0, content: $0.1,
                                             model: $0.0 == .assistant ? fast : nil, created: epoch) }
    _ = reduce(&s, .conversationLoaded(conversation, messages))
    return s
}

@Suite struct ChatScrollTests {
    /// Twenty one-line messages: 2 rows for the first, 3 (blank, label, text) for each other,
    /// 59 rows in a chat 13 rows high with pages of 12.
    func twentyMessages() -> AppState {
        loaded((1...20).map { (.user, "message \($0)") })
    }

    @Test func pagingUpAndDownMovesAPageOverTheSameRows() {
        var s = twentyMessages()
        let all = ChatGeometry(s, width: 60).rows(from: .init(index: 0, row: 0), height: 1000).map { trimmed($0.plainText) }
        #expect(all.count == 59 && Layout(state: s).chat.height == 13 && s.pageSize == 12)
        #expect(chatRows(s) == Array(all[46...]))                    // following: the last 13 rows
        s.press(.pageUp)
        #expect(s.chatScroll == .anchored(ChatAnchor(entry: s.transcript[11].id, row: -1)))
        #expect(chatRows(s) == Array(all[34..<47]))
        s.press(.pageUp)
        #expect(chatRows(s) == Array(all[22..<35]))
        s.press(.pageDown)
        #expect(chatRows(s) == Array(all[34..<47]))
        s.press(.pageDown)                                        // the end is in view: follow it
        #expect(s.chatScroll == .following)
        #expect(chatRows(s) == Array(all[46...]))
    }

    @Test func homeHoldsTheFirstRowAndEndFollows() {
        var s = twentyMessages()
        let all = ChatGeometry(s, width: 60).rows(from: .init(index: 0, row: 0), height: 1000).map { trimmed($0.plainText) }
        s.press(.ctrlHome)
        #expect(s.chatScroll == .anchored(ChatAnchor(entry: s.transcript[0].id, row: 0)))
        #expect(chatRows(s) == Array(all[0..<13]))
        // At the top PgUp cannot go further, and the next PgDn moves at once.
        s.press(.pageUp, .pageUp, .pageUp)
        #expect(chatRows(s) == Array(all[0..<13]))
        s.press(.pageDown)
        #expect(chatRows(s) == Array(all[12..<25]))
        s.press(.ctrlEnd)
        #expect(s.chatScroll == .following && chatRows(s) == Array(all[46...]))
    }

    @Test func aHeldViewMatchesDrawingEverythingAtEveryStepAndWidth() {
        var s = loaded((1...12).flatMap { i in
            [(ChatMessage.Role.user, "question \(i)"),
             (.assistant, (1...(i % 4 + 1)).map { "paragraph \($0) of answer \(i), long enough to wrap at narrow widths" }
                .joined(separator: "\n\n"))]
        }, width: 44, height: 14)
        s.press(.ctrlHome)
        var steps = 0
        while s.isScrolledBack, steps < 300 {
            #expect(chatRows(s) == drawingEverything(s), "step \(steps), \(s.chatScroll)")
            if steps == 7 {   // a resize keeps the anchor; the view resolves it at the new width
                _ = reduce(&s, .input(.resize(width: 70, height: 14)))
                #expect(chatRows(s) == drawingEverything(s))
            }
            _ = reduce(&s, .input(.scroll(lines: 2)))
            steps += 1
        }
        #expect(steps > 20)
        for _ in 0..<8 { s.press(.pageUp) }
        for _ in 0..<8 {
            #expect(chatRows(s) == drawingEverything(s), "\(s.chatScroll)")
            s.press(.pageDown)
        }
    }

    @Test func aMegabyteAnswerPagesDownAndUpInOrder() throws {
        let lines = (1...36_000).map { String(format: "line %05d of a very long answer", $0) }
        let text = lines.joined(separator: "\n")
        #expect(text.utf8.count > 1_000_000)
        var s = loaded([(.user, "a long answer, please"), (.assistant, text)], width: 80, height: 24)
        func topLine() throws -> Int {
            let row = try #require(chatRows(s).first { $0.contains("line ") })
            return try #require(Int(row.split(separator: " ")[1]))
        }
        #expect(chatRows(s).last?.contains("line 36000") == true)
        s.press(.pageUp, .pageUp, .pageUp)
        let held = try topLine()
        s.press(.pageDown)
        #expect(try topLine() == held + s.pageSize)   // down, by a page
        s.press(.pageUp)
        #expect(try topLine() == held)
        s.press(.ctrlHome, .pageDown)
        // Rows 0-3 are the question, a blank and the answer's label; row 4 is line 1.
        #expect(try topLine() == s.pageSize - 3)
    }

    @Test func theNewTextMarkerHasARowOfItsOwn() throws {
        var s = makeState(width: 60, height: 14)
        for i in 0..<5 {
            let r = try s.sent("question \(i)")
            s.answer(r, ["answer \(i)\n\nwith a second paragraph"])
        }
        let r = try s.sent("one more")
        s.engine(r, .attemptStarted(model: fast, attempt: 1))
        s.press(.pageUp)
        for i in 1...5 { s.engine(r, .textDelta(model: fast, text: "arriving \(i)\n\n")) }
        #expect(s.hasUnseenText)
        let screen = render(s).trimmedRows
        let layout = Layout(state: s)
        // Every chat row, the last included, is the text; the marker is on the separator line.
        #expect(chatRows(s) == drawingEverything(s))
        #expect(!chatRows(s).joined().contains("↓"))
        #expect(screen[layout.separator.y].hasSuffix("↓ new text ─"))
    }
}
