import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

/// Edit and branch in the chat (issue 16): `/edit`, `/regenerate`, "branch 2/3", `/branch`.
@Suite struct BranchTests {
    let conversation = Conversation(id: "c1", title: "Tree", systemPrompt: nil, created: epoch, updated: epoch)

    func message(_ id: String, _ role: ChatMessage.Role, _ text: String, parent: String?) -> StoredMessage {
        StoredMessage(id: id, conversationID: "c1", role: role, content: text, model: role == .assistant ? fast : nil,
                      parentID: parent, created: epoch)
    }

    func run(_ s: inout AppState, _ line: String) -> [Command] {
        s.type(line)
        return s.press(.enter)
    }

    /// A chat that asked twice and got two answers.
    func twoTurns() throws -> AppState {
        var s = makeState(width: 60, height: 20)
        let r1 = try s.sent("Q1")
        s.answer(r1, ["A1"])
        let r2 = try s.sent("Q2")
        s.answer(r2, ["A2"])
        return s
    }

    @Test func editPutsTheLastQuestionInTheEditorWithoutSending() throws {
        var s = try twoTurns()
        #expect(run(&s, "/edit").isEmpty)
        #expect(s.editor.text == "Q2")
        #expect(s.transcript.filter { $0.role == .user }.map(\.text) == ["Q1", "Q2"])
        #expect(s.notice?.text.contains("new branch") == true)
    }

    @Test func sendingAnEditBranchesAndSendsOnlyThePathUpToIt() throws {
        var s = try twoTurns()
        _ = run(&s, "/edit")
        s.press(.ctrl("u"))
        let commands = run(&s, "Q2, better")
        guard case .branching(.editLastQuestion, .send(_, let messages, _, _, let conversation)) = commands.first else {
            Issue.record("no branching send: \(commands)"); return
        }
        #expect(conversation == s.conversationID)
        #expect(messages.map(\.content) == ["Q1", "A1", "Q2, better"])
        // The old question and answer leave the screen (the store keeps them).
        #expect(s.transcript.map(\.text) == ["Q1", "A1", "Q2, better"])
        #expect(s.editingEntry == nil)
    }

    @Test func escCancelsTheEditAndTheDraftThenSendsAsANewMessage() throws {
        var s = try twoTurns()
        _ = run(&s, "/edit")
        s.press(.ctrl("u"))
        #expect(s.editingEntry != nil)   // clearing the draft to retype it keeps the edit
        s.press(.escape)
        #expect(s.editingEntry == nil)
        #expect(s.notice?.text.contains("edit cancelled") == true)
        let commands = run(&s, "Q3")
        guard case .send(_, let messages, _, _, _) = commands.first else { Issue.record("no plain send"); return }
        #expect(messages.map(\.content) == ["Q1", "A1", "Q2", "A2", "Q3"])
    }

    @Test func regenerateReplacesTheShownAnswerAndAsksForASibling() throws {
        var s = try twoTurns()
        let commands = run(&s, "/regenerate")
        guard case .branching(.regenerate, .send(_, let messages, _, _, _)) = commands.first else {
            Issue.record("no regenerate: \(commands)"); return
        }
        #expect(messages.map(\.content) == ["Q1", "A1", "Q2"])
        #expect(s.transcript.map(\.text) == ["Q1", "A1", "Q2"])
        #expect(s.isBusy)
    }

    /// The store's tree after a regenerate: Q, then answers a1 and a2 with a2 shown.
    func regenerated() -> AppState {
        var s = makeState(width: 60, height: 12)
        let path = [message("q", .user, "What is SSE?", parent: nil), message("a2", .assistant, "A one-way stream.", parent: "q")]
        let point = BranchPoint(messageID: "a2", siblings: [
            BranchOption(id: "a1", role: .assistant, preview: "Server-sent events.", model: fast),
            BranchOption(id: "a2", role: .assistant, preview: "A one-way stream.", model: fast),
        ])
        _ = reduce(&s, .conversationLoaded(conversation, path))
        _ = reduce(&s, .branchesLoaded(conversation: "c1", [point]))
        return s
    }

    @Test func aMessageWithSiblingsSaysWhichBranchItIs() {
        let s = regenerated()
        #expect(chatRows(s).prefix(4) == [
            "▌ you",
            "  What is SSE?",
            "",
            "◆ demo:fast  branch 2/2",
        ])
        #expect(s.transcript.first?.branch == nil)
    }

    @Test func branchListsTheBranchesAndBranchNSwitches() {
        var s = regenerated()
        #expect(run(&s, "/branch").isEmpty)
        let listing = s.transcript.last
        #expect(listing?.role == .notice)
        #expect(listing?.text == "branches here (/branch N follows one):\n  1  demo:fast: Server-sent events.\n▸ 2  demo:fast: A one-way stream.")
        #expect(run(&s, "/branch 1") == [.switchBranch(conversation: "c1", messageID: "a1")])
        #expect(run(&s, "/branch 3").isEmpty)
        #expect(s.notice?.isError == true)
    }

    @Test func theBranchKeysStepThroughTheSiblings() {
        var s = regenerated()
        #expect(s.press(.alt(",")) == [.switchBranch(conversation: "c1", messageID: "a1")])
        #expect(s.press(.alt(".")).isEmpty)
        #expect(s.notice?.text == "this is the last branch")
        #expect(s.keymap.command(for: .alt(","), in: .chat) == .previousBranch)
        #expect(s.keymap.command(for: .alt("."), in: .chat) == .nextBranch)
    }

    @Test func withoutBranchesBranchSaysHowToMakeOne() throws {
        var s = try twoTurns()
        #expect(run(&s, "/branch").isEmpty)
        #expect(s.notice?.text.contains("/edit or /regenerate") == true)
        #expect(s.press(.alt(".")).isEmpty)
    }

    @Test func aReloadedPathReplacesTheChatUnlessATurnRuns() throws {
        var s = regenerated()
        let other = [message("q", .user, "What is SSE?", parent: nil), message("a1", .assistant, "Server-sent events.", parent: "q")]
        let point = BranchPoint(messageID: "a1", siblings: [
            BranchOption(id: "a1", role: .assistant, preview: "Server-sent events.", model: fast),
            BranchOption(id: "a2", role: .assistant, preview: "A one-way stream.", model: fast),
        ])
        _ = reduce(&s, .pathLoaded(conversation, other, ledger: [], branches: [point], notice: "branch 1/2"))
        #expect(s.transcript.map(\.text) == ["What is SSE?", "Server-sent events."])
        #expect(s.transcript.last?.branch == BranchLabel(position: 1, count: 2))
        #expect(s.notice?.text == "branch 1/2")
        // A turn started since the reload was asked for is not wiped by it.
        _ = try s.sent("next")
        _ = reduce(&s, .pathLoaded(conversation, other, ledger: [], branches: [point], notice: nil))
        #expect(s.transcript.last?.text == "next")
        // Nor is another conversation's path shown.
        var t = regenerated()
        let elsewhere = Conversation(id: "c2", title: "x", systemPrompt: nil, created: epoch, updated: epoch)
        _ = reduce(&t, .pathLoaded(elsewhere, [], ledger: [], branches: [], notice: nil))
        #expect(t.transcript.count == 2)
    }
}
