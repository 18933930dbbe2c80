import Foundation
import GRDB
import Testing
@testable import ParleyEngine
import ParleyGateway

/// A conversation is a tree (issue 16, "Edit and branch"): regenerating and editing add
/// siblings, the current path is what is shown, sent and printed, and switching moves along it.
@Suite("Store: message tree")
struct StoreTreeTests {
    let temp: TempStore
    let conversation: Conversation

    init() async throws {
        temp = try TempStore()
        conversation = try await temp.store.createConversation(title: "Tree")
    }

    var store: Store { temp.store }

    @discardableResult
    func answer(_ text: String, status: MessageStatus = .complete) async throws -> StoredMessage {
        let message = StoredMessage(conversationID: conversation.id, role: .assistant, content: text,
                                    model: .fast, status: status, created: Date())
        try await store.insert(message)
        return message
    }

    func pathTexts() async throws -> [String] {
        try await store.currentPath(in: conversation.id).map(\.content)
    }

    @Test func appendedMessagesFormOnePathWithParentIDs() async throws {
        let q1 = try await store.commitUserMessage("Q1", in: conversation.id)
        let a1 = try await answer("A1")
        let q2 = try await store.commitUserMessage("Q2", in: conversation.id)
        let path = try await store.currentPath(in: conversation.id)
        #expect(path.map(\.id) == [q1.id, a1.id, q2.id])
        #expect(path.map(\.parentID) == [nil, q1.id, a1.id])
        #expect(try await store.siblings(of: a1.id).map(\.id) == [a1.id])
        #expect(try await store.branchPoints(in: conversation.id).isEmpty)
    }

    @Test func regeneratingAddsASiblingAnswerAndSwitchingGoesBackAndForth() async throws {
        let question = try await store.commitUserMessage("What is SSE?", in: conversation.id)
        let first = try await answer("Server-sent events.")
        #expect(try await store.rewindToLastQuestion("What is SSE?", in: conversation.id))
        let second = try await answer("A one-way HTTP stream.")

        #expect(try await pathTexts() == ["What is SSE?", "A one-way HTTP stream."])
        #expect(try await store.siblings(of: second.id).map(\.id) == [first.id, second.id])
        #expect(second.id != first.id)
        let points = try await store.branchPoints(in: conversation.id)
        #expect(points.map(\.messageID) == [second.id])
        #expect(points.first?.position == 2 && points.first?.siblings.count == 2)
        // Only the current path goes to the model; the question was not stored twice.
        #expect(try await store.chatContext(for: conversation.id).map(\.content) == ["What is SSE?", "A one-way HTTP stream."])
        #expect(try await store.messages(in: conversation.id).filter { $0.role == .user }.map(\.id) == [question.id])

        try await store.switchBranch(to: first.id)
        #expect(try await pathTexts() == ["What is SSE?", "Server-sent events."])
        #expect(try await store.branchPoints(in: conversation.id).first?.position == 1)
        #expect(try await store.chatContext(for: conversation.id).map(\.content) == ["What is SSE?", "Server-sent events."])
        try await store.switchBranch(to: second.id)
        #expect(try await pathTexts() == ["What is SSE?", "A one-way HTTP stream."])
    }

    @Test func aRegenerateOfAQuestionThatWasNeverStoredChangesNothing() async throws {
        try await store.commitUserMessage("Q1", in: conversation.id)
        try await answer("A1")
        #expect(try await !store.rewindToLastQuestion("Q2 the budget refused", in: conversation.id))
        #expect(try await pathTexts() == ["Q1", "A1"])
    }

    @Test func editingTheLastQuestionBranchesAndKeepsTheOldOne() async throws {
        try await store.commitUserMessage("Q1", in: conversation.id)
        let a1 = try await answer("A1")
        let q2 = try await store.commitUserMessage("Q2", in: conversation.id)
        try await answer("A2")
        let edited = try await store.commitEditedQuestion("Q2, better", in: conversation.id)
        try await answer("A2 for the better question")

        #expect(edited.id != q2.id)
        #expect(try await pathTexts() == ["Q1", "A1", "Q2, better", "A2 for the better question"])
        #expect(try await store.siblings(of: edited.id).map(\.content) == ["Q2", "Q2, better"])
        #expect(try await store.currentPath(in: conversation.id)[2].parentID == a1.id)
        // The old question and its answer are kept and come back when switched to.
        try await store.switchBranch(to: q2.id)
        #expect(try await pathTexts() == ["Q1", "A1", "Q2", "A2"])
        #expect(try await store.messages(in: conversation.id).count == 6)
    }

    @Test func editingTheFirstQuestionMakesASecondRoot() async throws {
        let q1 = try await store.commitUserMessage("Hi", in: conversation.id)
        try await answer("Hello")
        let edited = try await store.commitEditedQuestion("Hello there", in: conversation.id)
        #expect(edited.parentID == nil)
        #expect(try await pathTexts() == ["Hello there"])
        #expect(try await store.siblings(of: q1.id).map(\.id) == [q1.id, edited.id])
        #expect(try await store.branchPoints(in: conversation.id).first?.position == 2)
    }

    @Test func switchingToABranchFollowsItsNewestLeaf() async throws {
        let q1 = try await store.commitUserMessage("Q1", in: conversation.id)
        try await answer("A1")
        let q2 = try await store.commitUserMessage("Q2", in: conversation.id)
        try await store.commitEditedQuestion("Q2 again", in: conversation.id)
        try await store.switchBranch(to: q2.id)
        // From the first message down, the newest child is taken at each step.
        let path = try await store.switchBranch(to: q1.id)
        #expect(path.map(\.content) == ["Q1", "A1", "Q2 again"])
        #expect(try await store.path(toLeaf: path[1].id).map(\.content) == ["Q1", "A1"])
        await #expect(throws: StoreError.self) { try await store.switchBranch(to: "no-such-message") }
    }

    @Test func aComparisonsPickStandsForTheTurnOnTheTree() async throws {
        try await store.commitUserMessage("Compare", in: conversation.id)
        var script = EventScript()
        var recorder = TurnRecorder(store: store, conversationID: conversation.id, request: script.request,
                                    estimatedPromptTokens: [10], isComparison: true)
        for lane in 0..<2 {
            let model = lane == 0 ? ModelRef.fast : .sonnet
            let text = "answer \(lane)"
            try await recorder.record(script.event(.textDelta(model: model, text: text), lane: lane))
            try await recorder.record(script.event(.finished(EngineEvent.Outcome(
                model: model, text: text, usage: Usage(promptTokens: 1, completionTokens: 1), usageEstimated: false,
                cost: 0, timeToFirstToken: nil, duration: .milliseconds(10))), lane: lane))
        }
        try await store.recordPick(comparisonGroup: TurnRecorder.comparisonGroup(of: script.request), lane: 1)
        try await store.commitUserMessage("Next", in: conversation.id)
        #expect(try await pathTexts() == ["Compare", "answer 0", "answer 1", "Next"])
        #expect(try await store.chatContext(for: conversation.id).map(\.content) == ["Compare", "answer 1", "Next"])
    }

    @Test func jsonNamesEveryMessageAndItsParent() async throws {
        let q1 = try await store.commitUserMessage("Q1", in: conversation.id)
        let a1 = try await answer("A1")
        let data = try await store.transcript(idPrefix: conversation.id).json()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let messages = try #require(object["messages"] as? [[String: Any]])
        #expect(messages.map { $0["id"] as? String } == [q1.id, a1.id])
        #expect(messages[0]["parent_id"] is NSNull)
        #expect(messages[1]["parent_id"] as? String == q1.id)
    }
}

/// A database written before the tree (schema v4) is migrated: each conversation becomes one
/// path, its earlier tries of a retried question a sibling branch.
@Suite("Store: v6 migration")
struct StoreTreeMigrationTests {
    @Test func aVersion4DatabaseMigratesToOnePath() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-v4-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("parley.db")
        do {
            let old = try DatabaseQueue(path: url.path)
            try StoreSchema.migrator.migrate(old, upTo: "v4: remembered choices")
            try await old.write { db in
                try db.execute(sql: "INSERT INTO conversation VALUES ('c1', 'Old', NULL, 1, 1)")
                let rows: [(String, String, String, String)] = [
                    ("m1", "user", "What is SSE?", "complete"),
                    ("m2", "assistant", "", "failed"),
                    ("m3", "user", "What is SSE?", "complete"),   // the old Ctrl-R: the question again
                    ("m4", "assistant", "Server-sent events.", "complete"),
                    ("m5", "user", "And WebSockets?", "complete"),
                    ("m6", "assistant", "Both ways.", "complete"),
                ]
                for (index, row) in rows.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO message (id, conversation_id, role, content, status, created_at, updated_at)
                            VALUES (?, 'c1', ?, ?, ?, ?, ?)
                            """, arguments: [row.0, row.1, row.2, row.3, Double(index), Double(index)])
                }
            }
            try old.close()
        }
        let store = try Store(url: url)
        let path = try await store.currentPath(in: "c1")
        #expect(path.map(\.id) == ["m3", "m4", "m5", "m6"])
        #expect(path.map(\.parentID) == [nil, "m3", "m4", "m5"])
        // The earlier try is kept, as a sibling branch with its failed answer under it.
        #expect(try await store.siblings(of: "m3").map(\.id) == ["m1", "m3"])
        #expect(try await store.switchBranch(to: "m1").map(\.id) == ["m1", "m2"])
        try await store.switchBranch(to: "m3")

        let text = try await store.transcript(idPrefix: "c1").plainText()
        #expect(text.components(separatedBy: "What is SSE?").count == 2, "\(text)")
        #expect(text.contains("Both ways."))
        // Writing goes on from the migrated leaf.
        let next = try await store.commitUserMessage("Thanks", in: "c1")
        #expect(try await store.currentPath(in: "c1").last?.parentID == "m6")
        #expect(next.content == "Thanks")
    }
}
