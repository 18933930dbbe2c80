import Foundation
import Testing
@testable import ParleyEngine
import ParleyGateway

@Suite("Store: turn recorder")
struct StoreRecorderTests {
    let temp: TempStore
    let conversation: Conversation

    init() async throws {
        temp = try TempStore()
        conversation = try await temp.store.createConversation(title: "Recorder")
        try await temp.store.commitUserMessage("Tell me a story", in: conversation.id)
    }

    func makeRecorder(_ script: EventScript, clock: ManualClock = ManualClock(), comparison: Bool = false)
        -> TurnRecorder
    {
        TurnRecorder(store: temp.store, conversationID: conversation.id, request: script.request,
                     estimatedPromptTokens: [12], isComparison: comparison, now: clock.now)
    }

    /// A comparison lane's finished answer, with the server's usage.
    func outcome(_ model: ModelRef, _ text: String) -> EngineEvent.Outcome {
        EngineEvent.Outcome(model: model, text: text, usage: Usage(promptTokens: 10, completionTokens: 2),
                            usageEstimated: false, cost: 0.01, timeToFirstToken: .milliseconds(10),
                            duration: .milliseconds(100))
    }

    @Test func aSuccessfulTurnMakesOneCompleteMessageAndOneOkRow() async throws {
        var script = EventScript()
        var recorder = makeRecorder(script)
        let outcome = EngineEvent.Outcome(
            model: .sonnet, text: "Once upon a time.", usage: Usage(promptTokens: 20, completionTokens: 5, cost: 0.0042),
            usageEstimated: false, cost: 0.0042, timeToFirstToken: .milliseconds(300), duration: .seconds(2))
        for kind: EngineEvent.Kind in [
            .routed(route: .fastest, order: [.sonnet], reason: "measured"),
            .attemptStarted(model: .sonnet, attempt: 1),
            .firstToken(model: .sonnet, latency: .milliseconds(300)),
            .textDelta(model: .sonnet, text: "Once upon"),
            .textDelta(model: .sonnet, text: " a time."),
            .finished(outcome),
        ] {
            try await recorder.record(script.event(kind))
        }

        let messages = try await temp.store.messages(in: conversation.id)
        #expect(messages.map(\.role) == [.user, .assistant])
        let answer = try #require(messages.last)
        #expect(answer.content == "Once upon a time.")
        #expect(answer.status == .complete)
        #expect(answer.model == .sonnet)
        #expect(answer.comparisonGroup == nil && answer.lane == nil)

        let rows = try await temp.store.ledger()
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.outcome == .ok)
        #expect(row.model == .sonnet)
        #expect(row.route == .fastest)
        #expect(row.promptTokens == 20 && row.completionTokens == 5)
        #expect(!row.tokensEstimated)
        #expect(row.costUSD == 0.0042)
        #expect(row.timeToFirstToken == .milliseconds(300))
        #expect(row.duration == .seconds(2))
        #expect(row.messageID == answer.id)
        #expect(row.requestID == script.request)
    }

    @Test func estimatedUsageAndCatalogueCostWhenTheServerSentNeither() async throws {
        try await temp.store.saveCatalogue(
            [ModelInfo(id: "fast", promptPricePerMillion: 1, completionPricePerMillion: 2)], provider: "demo")
        var script = EventScript()
        var recorder = makeRecorder(script)
        let outcome = EngineEvent.Outcome(
            model: .fast, text: "abcd", usage: Usage(promptTokens: 1_000, completionTokens: 500),
            usageEstimated: true, cost: nil, timeToFirstToken: nil, duration: .seconds(1))
        try await recorder.record(script.event(.attemptStarted(model: .fast, attempt: 1)))
        try await recorder.record(script.event(.finished(outcome)))
        let row = try #require(try await temp.store.ledger().first)
        #expect(row.tokensEstimated)
        #expect(abs((row.costUSD ?? -1) - 0.002) < 1e-12)  // 1000 x $1/M + 500 x $2/M
    }

    @Test func aFailedAttemptWithPartialTextIsKeptThenTheFallbackAnswers() async throws {
        var script = EventScript()
        var recorder = makeRecorder(script)
        let dropped = GatewayError.network(message: "connection reset")
        let outcome = EngineEvent.Outcome(
            model: .fast, text: "A full answer.", usage: Usage(promptTokens: 12, completionTokens: 4),
            usageEstimated: false, cost: nil, timeToFirstToken: .milliseconds(50), duration: .milliseconds(500))
        for kind: EngineEvent.Kind in [
            .routed(route: .ordered, order: [.flaky, .fast], reason: "configured"),
            .attemptStarted(model: .flaky, attempt: 1),
            .firstToken(model: .flaky, latency: .milliseconds(200)),
            .textDelta(model: .flaky, text: "Half an ans"),
            .attemptFailed(model: .flaky, attempt: 1, error: dropped, partialText: "Half an ans"),
            .fallingBack(from: .flaky, to: .fast, reason: "network error"),
            .attemptStarted(model: .fast, attempt: 1),
            .firstToken(model: .fast, latency: .milliseconds(50)),
            .textDelta(model: .fast, text: "A full answer."),
            .finished(outcome),
        ] {
            try await recorder.record(script.event(kind))
        }

        let answers = try await temp.store.messages(in: conversation.id).filter { $0.role == .assistant }
        #expect(answers.count == 2)
        #expect(answers[0].content == "Half an ans")
        #expect(answers[0].status == .partial)
        #expect(answers[0].model == .flaky)
        #expect(answers[0].error == dropped.summary)
        #expect(answers[1].content == "A full answer.")
        #expect(answers[1].status == .complete)
        #expect(answers[1].model == .fast)

        let rows = try await temp.store.ledger()
        #expect(rows.map(\.outcome) == [.failed, .ok])
        #expect(rows.map(\.model) == [.flaky, .fast])
        let failed = rows[0]
        #expect(failed.errorKind == "network")
        #expect(failed.httpStatus == nil)
        #expect(failed.tokensEstimated)
        #expect(failed.promptTokens == 12)
        #expect(failed.completionTokens == 3)  // 11 characters / 4, rounded up
        #expect(failed.costUSD == nil)  // no price known for demo:flaky
        #expect(failed.timeToFirstToken == .milliseconds(200))
        #expect(failed.messageID == answers[0].id)
        #expect(rows.allSatisfy { $0.route == .ordered })

        // Only the complete answer goes back to the model as context.
        let context = try await temp.store.chatContext(for: conversation.id)
        #expect(context.map(\.content) == ["Tell me a story", "A full answer."])
    }

    @Test func attemptsThatFailBeforeTextCostNothingAndTheTurnIsMarkedFailed() async throws {
        var script = EventScript()
        var recorder = makeRecorder(script)
        let limited = GatewayError.rateLimited(retryAfter: .seconds(1), message: "slow down")
        let broke = GatewayError.server(status: 503, message: "overloaded", retryAfter: nil)
        for kind: EngineEvent.Kind in [
            .attemptStarted(model: .flaky, attempt: 1),
            .attemptFailed(model: .flaky, attempt: 1, error: limited, partialText: ""),
            .retryScheduled(model: .flaky, nextAttempt: 2, wait: .seconds(1)),
            .attemptStarted(model: .flaky, attempt: 2),
            .attemptFailed(model: .flaky, attempt: 2, error: broke, partialText: ""),
            .failed(attempts: [.init(model: .flaky, attempt: 1, error: limited),
                               .init(model: .flaky, attempt: 2, error: broke)]),
        ] {
            try await recorder.record(script.event(kind))
        }
        let rows = try await temp.store.ledger()
        #expect(rows.map(\.attempt) == [1, 2])
        #expect(rows.map(\.httpStatus) == [429, 503])
        #expect(rows.map(\.errorKind) == ["rate-limited", "server-error"])
        #expect(rows.allSatisfy { $0.promptTokens == 0 && $0.completionTokens == 0 && $0.costUSD == 0 })
        #expect(rows.allSatisfy { !$0.tokensEstimated && $0.messageID == nil })

        let answers = try await temp.store.messages(in: conversation.id).filter { $0.role == .assistant }
        #expect(answers.count == 1)
        #expect(answers[0].status == .failed)
        #expect(answers[0].content.isEmpty)
        #expect(answers[0].error?.contains("503") == true)
    }

    @Test func cancellingMidStreamKeepsTheTextAsPartial() async throws {
        var script = EventScript()
        var recorder = makeRecorder(script)
        for kind: EngineEvent.Kind in [
            .attemptStarted(model: .fast, attempt: 1),
            .firstToken(model: .fast, latency: .milliseconds(80)),
            .textDelta(model: .fast, text: "Some words"),
            .cancelled,
        ] {
            try await recorder.record(script.event(kind))
        }
        let answer = try #require(try await temp.store.messages(in: conversation.id).last)
        #expect(answer.status == .partial)
        #expect(answer.content == "Some words")
        #expect(answer.error == "cancelled")
        let row = try #require(try await temp.store.ledger().first)
        #expect(row.outcome == .cancelled)
        #expect(row.errorKind == nil)
        #expect(row.tokensEstimated && row.completionTokens == 3)
    }

    @Test func cancellingBeforeAnyTextLeavesOnlyALedgerRow() async throws {
        var script = EventScript()
        var recorder = makeRecorder(script)
        try await recorder.record(script.event(.attemptStarted(model: .fast, attempt: 1)))
        try await recorder.record(script.event(.cancelled, after: 0.5))
        #expect(try await temp.store.messages(in: conversation.id).count == 1)
        let row = try #require(try await temp.store.ledger().first)
        #expect(row.outcome == .cancelled)
        #expect(row.completionTokens == 0 && !row.tokensEstimated)
        #expect(abs(row.duration.seconds - 0.5) < 0.001)
    }

    @Test func eachLaneIsChargedItsOwnPromptWhenItsAttemptEndsWithoutUsage() async throws {
        // In compare mode every lane sends its own thread, so the prompts differ in length.
        let script = EventScript()
        var recorder = TurnRecorder(store: temp.store, conversationID: conversation.id, request: script.request,
                                    estimatedPromptTokens: [12, 40, 7], isComparison: true)
        var events = script
        for lane in 0..<3 {
            try await recorder.record(events.event(.attemptStarted(model: .fast, attempt: 1), lane: lane))
            try await recorder.record(events.event(.textDelta(model: .fast, text: "Some words"), lane: lane))
        }
        for lane in 0..<3 { try await recorder.record(events.event(.cancelled, lane: lane)) }
        let rows = try await temp.store.ledger().sorted { $0.lane < $1.lane }
        #expect(rows.map(\.promptTokens) == [12, 40, 7])
        #expect(rows.allSatisfy { $0.tokensEstimated && $0.outcome == .cancelled })
    }

    @Test func comparisonLanesAreStoredAsAlternativesOfOneGroup() async throws {
        var script = EventScript()
        var recorder = makeRecorder(script, comparison: true)
        try await recorder.record(script.event(.attemptStarted(model: .fast, attempt: 1), lane: 0))
        try await recorder.record(script.event(.attemptStarted(model: .sonnet, attempt: 1), lane: 1))
        try await recorder.record(script.event(.textDelta(model: .sonnet, text: "B"), lane: 1))
        try await recorder.record(script.event(.textDelta(model: .fast, text: "A"), lane: 0))
        try await recorder.record(script.event(.finished(outcome(.sonnet, "B!")), lane: 1))
        try await recorder.record(script.event(.finished(outcome(.fast, "A!")), lane: 0))

        let answers = try await temp.store.messages(in: conversation.id).filter { $0.role == .assistant }
        #expect(answers.count == 2)
        #expect(Set(answers.compactMap(\.comparisonGroup)) == [script.request.uuidString.lowercased()])
        #expect(Dictionary(uniqueKeysWithValues: answers.map { ($0.lane!, $0.content) }) == [0: "A!", 1: "B!"])
        #expect(try await temp.store.ledger().map(\.lane).sorted() == [0, 1])
        // The turn continues from lane 0's answer.
        #expect(try await temp.store.chatContext(for: conversation.id).map(\.content) == ["Tell me a story", "A!"])
    }

    @Test func aPickedAnswerIsStoredAndStandsForTheTurn() async throws {
        var script = EventScript()
        var recorder = makeRecorder(script, comparison: true)
        try await recorder.record(script.event(.attemptStarted(model: .fast, attempt: 1), lane: 0))
        try await recorder.record(script.event(.finished(outcome(.fast, "A!")), lane: 0))
        try await recorder.record(script.event(.attemptStarted(model: .sonnet, attempt: 1), lane: 1))
        try await recorder.record(script.event(.finished(outcome(.sonnet, "B!")), lane: 1))
        let group = script.request.uuidString.lowercased()

        #expect(try await temp.store.recordPick(comparisonGroup: group, lane: 1))
        let answers = try await temp.store.messages(in: conversation.id).filter { $0.role == .assistant }
        #expect(Dictionary(uniqueKeysWithValues: answers.map { ($0.content, $0.choice) }) == ["A!": .alternative, "B!": .picked])
        #expect(try await temp.store.chatContext(for: conversation.id).map(\.content) == ["Tell me a story", "B!"])
        let transcript = try await temp.store.transcript(idPrefix: conversation.id).markdown()
        #expect(transcript.contains("lane 2 · picked"))
        #expect(transcript.contains("lane 1 · alternative"))

        // Picking again moves the pick; a lane without a finished answer cannot be picked.
        #expect(try await temp.store.recordPick(comparisonGroup: group, lane: 0))
        #expect(try await temp.store.chatContext(for: conversation.id).map(\.content) == ["Tell me a story", "A!"])
        #expect(try await temp.store.recordPick(comparisonGroup: group, lane: 2) == false)
    }

    @Test func checkpointsAtMostOncePerIntervalAndAlwaysAtTheEnd() async throws {
        var script = EventScript()
        let clock = ManualClock()
        var recorder = makeRecorder(script, clock: clock)
        try await recorder.record(script.event(.attemptStarted(model: .fast, attempt: 1)))

        func stored() async throws -> StoredMessage? {
            try await temp.store.messages(in: conversation.id).last { $0.role == .assistant }
        }

        // The first piece creates the row at once.
        try await recorder.record(script.event(.textDelta(model: .fast, text: "a")))
        #expect(try await stored()?.content == "a")
        #expect(try await stored()?.status == .streaming)

        // Pieces within the interval are buffered, not written.
        for piece in ["b", "c", "d"] {
            clock.advance(.milliseconds(300))
            try await recorder.record(script.event(.textDelta(model: .fast, text: piece)))
        }
        #expect(try await stored()?.content == "a")
        #expect(recorder.checkpointCount == 0)

        // Once a second has passed since the last write, the next piece writes everything so far.
        clock.advance(.milliseconds(100))
        try await recorder.record(script.event(.textDelta(model: .fast, text: "e")))
        #expect(try await stored()?.content == "abcde")
        #expect(recorder.checkpointCount == 1)

        // Many pieces in one instant: still no write.
        for _ in 0..<50 {
            try await recorder.record(script.event(.textDelta(model: .fast, text: "x")))
        }
        #expect(recorder.checkpointCount == 1)
        #expect(try await stored()?.content == "abcde")

        // A caller's timer can flush a stalled stream; with nothing buffered it writes nothing.
        try await recorder.checkpointNow()
        #expect(recorder.checkpointCount == 2)
        try await recorder.checkpointNow()
        #expect(recorder.checkpointCount == 2)
        try await recorder.record(script.event(.textDelta(model: .fast, text: "y")))

        // The end writes the rest whatever the clock says.
        try await recorder.record(script.event(.attemptFailed(
            model: .fast, attempt: 1, error: .timeout(.idle), partialText: "")))
        let final = try #require(try await stored())
        #expect(final.content == "abcde" + String(repeating: "x", count: 50) + "y")
        #expect(final.status == .partial)
        #expect(try await temp.store.ledger().first?.errorKind == "timeout-idle")
    }

    @Test func eventsOfOtherRequestsAreIgnored() async throws {
        var script = EventScript()
        var recorder = makeRecorder(script)
        let stranger = EngineEvent(request: RequestID(), kind: .attemptStarted(model: .fast, attempt: 1))
        try await recorder.record(stranger)
        try await recorder.record(script.event(.cancelled))
        #expect(try await temp.store.ledger().isEmpty)
    }

    @Test func recoveringInterruptedStreamsSparesFreshOnes() async throws {
        let old = StoredMessage(conversationID: conversation.id, role: .assistant, content: "cut",
                                model: .fast, status: .streaming, created: Date(timeIntervalSinceNow: -3_600))
        let fresh = StoredMessage(conversationID: conversation.id, role: .assistant, content: "live",
                                  model: .fast, status: .streaming, created: Date())
        try await temp.store.insert(old)
        try await temp.store.insert(fresh)
        #expect(try await temp.store.recoverInterruptedMessages() == 1)
        let statuses = try await temp.store.messages(in: conversation.id).reduce(into: [String: MessageStatus]()) {
            $0[$1.content] = $1.status
        }
        #expect(statuses["cut"] == .partial)
        #expect(statuses["live"] == .streaming)
    }
}
