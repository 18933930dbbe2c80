import Foundation
import ParleyModel
import Testing
@testable import ParleyUI

/// `/effort`: what it asks the session for, what the status bar shows, and what it refuses.
/// And the next turn after a thinking answer sends the answer alone, never its reasoning.
@Suite struct EffortTests {
    private func run(_ s: inout AppState, _ line: String) -> [Command] {
        s.type(line)
        return s.press(.enter)
    }

    @Test func effortIsAskedForAndShownInTheStatusBar() {
        var s = makeState(width: 70, height: 8)
        #expect(!(render(s).trimmedRows.last ?? "").contains("effort"))
        #expect(run(&s, "/effort high") == [.setEffort(.high), .remember(.effort(.high))])
        #expect(s.effort == .high)
        #expect(render(s).trimmedRows.last?.contains("· effort high") == true)
        #expect(run(&s, "/effort none") == [.setEffort(.off), .remember(.effort(.off))])
        #expect(render(s).trimmedRows.last?.contains("· effort off") == true)
        #expect(run(&s, "/effort default") == [.setEffort(nil), .remember(.effort(nil))])
        #expect(s.effort == nil)
        #expect(!(render(s).trimmedRows.last ?? "").contains("effort"))
    }

    @Test func aWrongEffortSaysHowToWriteIt() {
        var s = makeState(width: 90, height: 8)
        #expect(run(&s, "/effort extreme") == [])
        #expect(s.effort == nil)
        #expect(s.notice?.isError == true)
        #expect(s.notice?.text.contains("/effort off|low|medium|high") == true)
        #expect(run(&s, "/effort") == [])
    }

    @Test func theNextTurnCarriesNoEarlierReasoning() throws {
        var s = makeState()
        let thinker = ModelRef(provider: "demo", model: "thinker")
        let r = try s.sent("hi")
        s.engine(r, .attemptStarted(model: thinker, attempt: 1))
        s.engine(r, .thinking(model: thinker, latency: .milliseconds(100)))
        s.engine(r, .reasoningDelta(model: thinker, text: "SECRET-THOUGHT"))
        s.engine(r, .textDelta(model: thinker, text: "Hello!"))
        s.engine(r, .finished(.init(model: thinker, text: "Hello!", usage: Usage(promptTokens: 1, completionTokens: 2),
                                    usageEstimated: false, cost: nil, timeToFirstToken: .milliseconds(100),
                                    duration: .seconds(1), reasoning: "SECRET-THOUGHT")))
        s.type("again")
        let sent = s.press(.enter).compactMap { command -> [ChatMessage]? in
            if case .send(_, let messages, _, _, _) = command { return messages }
            return nil
        }
        let messages = try #require(sent.first)
        #expect(messages.map(\.role) == [.user, .assistant, .user])
        #expect(messages[1].content == "Hello!")
        #expect(!messages.contains { $0.content.contains("SECRET-THOUGHT") })
    }
}
