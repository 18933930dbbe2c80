import Foundation
import ParleyGateway
import Testing
@testable import ParleyEngine

/// `/export` writes the conversation as the user followed it (issue 17).
@Suite struct ExportTests {
    let date = Date(timeIntervalSince1970: 1_780_000_000)

    func message(_ role: ChatMessage.Role, _ text: String, status: MessageStatus = .complete,
                 reasoning: String? = nil, error: String? = nil) -> StoredMessage {
        StoredMessage(conversationID: "c", role: role, content: text,
                      model: role == .assistant ? ModelRef(provider: "demo", model: "fast") : nil,
                      status: status, error: error, reasoning: reasoning, created: date)
    }

    func transcript(_ messages: [StoredMessage]) -> ConversationTranscript {
        ConversationTranscript(conversation: Conversation(id: "c", title: "t", systemPrompt: nil, created: date, updated: date),
                               messages: messages)
    }

    @Test func aRetriedQuestionIsExportedOnce() {
        let t = transcript([
            message(.user, "What is SSE?"), message(.assistant, "", status: .failed, error: "503"),
            message(.user, "What is SSE?"), message(.assistant, "Server-sent events."),
            message(.user, "And WebSockets?"), message(.assistant, "Both ways."),
        ])
        let markdown = t.markdown()
        #expect(markdown.components(separatedBy: "What is SSE?").count == 2, "\(markdown)")
        #expect(!markdown.contains("503"))
        #expect(markdown.contains("Server-sent events."))
        #expect(markdown.contains("And WebSockets?"))
        // The same question asked again after a later one is a new turn, not a retry.
        let asked = transcript([message(.user, "Hi"), message(.assistant, "Hello"), message(.user, "Ok"),
                                message(.assistant, "Ok!"), message(.user, "Hi"), message(.assistant, "Hello again")])
        #expect(asked.currentPath.count == 6)
    }

    @Test func reasoningIsFoldedIntoDetails() {
        let markdown = transcript([message(.user, "2+2?"), message(.assistant, "4", reasoning: "two and two")]).markdown()
        #expect(markdown.contains("<details><summary>reasoning</summary>\n\ntwo and two\n\n</details>\n\n4"), "\(markdown)")
    }
}

/// `parley history show` and `--json` keep each answer's thinking (issue 13).
@Suite struct HistoryShowReasoningTests {
    let export = ExportTests()

    @Test func plainTextShowsTheThinkingIndentedAndLabelledBeforeTheAnswer() {
        let transcript = export.transcript([
            export.message(.user, "2+2?"),
            export.message(.assistant, "4", reasoning: "two and two\nmake four\n"),
        ])
        let text = transcript.plainText()
        #expect(text.contains("] \(ConversationTranscript.timestamp(export.date))\n  [thinking]\n  two and two\n  make four\n4\n"),
                "\(text)")
        // A question has no thinking section.
        #expect(text.components(separatedBy: "[thinking]").count == 2)
    }

    @Test func theThinkingIsMadeSafeForTheTerminal() {
        let transcript = export.transcript([
            export.message(.user, "hi"),
            export.message(.assistant, "ok", reasoning: "plan\u{1B}[2J\u{1B}]52;c;AAAA\u{07}\rdone"),
        ])
        let text = transcript.plainText()
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}") && !text.contains("\r"), "\(text.debugDescription)")
        #expect(text.contains("  [thinking]\n  plan"))
    }

    @Test func jsonCarriesTheReasoningOfItsMessage() throws {
        let transcript = export.transcript([
            export.message(.user, "2+2?"),
            export.message(.assistant, "4", reasoning: "two and two"),
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: try transcript.json()) as? [String: Any])
        let messages = try #require(object["messages"] as? [[String: Any]])
        #expect(messages.count == 2)
        #expect(messages[1]["reasoning"] as? String == "two and two")
        #expect(messages[1]["content"] as? String == "4")
        #expect(messages[0]["reasoning"] == nil)
    }
}
