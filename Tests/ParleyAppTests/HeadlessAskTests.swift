import Foundation
import Testing
import ParleyEngine
import ParleyGateway
@testable import ParleyApp

/// `ask` and `compare`'s bodies against the in-process demo gateway, their output captured.
@Suite struct HeadlessAskTests {
    @Test func askWritesTheAnswerAndStoresTheTurn() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let recorder = OutputRecorder()
        var options = HeadlessAsk.Options()
        options.model = "demo:echo"
        try await withWiring(in: home, demo: .ifUsed(["demo:echo"])) { wiring in
            let status = try await HeadlessAsk(options, output: recorder.output)
                .answer("hello from the app test", wiring: wiring)
            #expect(status == ExitStatus.success, "\(recorder.err)")
            #expect(recorder.out.contains("hello from the app test"))
            let stored = try await wiring.store.conversations(limit: 10)
            #expect(stored.count == 1)
            #expect(stored.first?.messageCount == 2)
        }
        // `history` reads the same store, read-only, and lists the turn under its question.
        let history = OutputRecorder()
        try await HistoryListing(output: history.output, environment: home.environment).list(limit: 10, json: false)
        #expect(history.out.contains("MESSAGES"))
        #expect(history.out.contains("hello from the app test"))
    }

    @Test func continueWithNoConversationIsAUsageErrorAndSendsNothing() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let recorder = OutputRecorder()
        var options = HeadlessAsk.Options()
        options.model = "demo:echo"
        options.continueLast = true
        try await withWiring(in: home, demo: .ifUsed(["demo:echo"])) { wiring in
            do {
                _ = try await HeadlessAsk(options, output: recorder.output).answer("again", wiring: wiring)
                Issue.record("--continue with no conversation went through")
            } catch let failure as CommandFailure {
                #expect(failure.status == ExitStatus.usage)
                #expect(failure.message.contains("--continue"))
            }
            #expect(recorder.out.isEmpty)
            #expect(try await wiring.store.conversations(limit: 10).isEmpty)
        }
    }

    @Test func compareWritesEveryLanesAnswerAndTheTable() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let recorder = OutputRecorder()
        var options = HeadlessCompare.Options()
        options.models = ["demo:echo", "demo:fast"]
        try await withWiring(in: home, demo: .ifUsed(options.models)) { wiring in
            let status = try await HeadlessCompare(options, output: recorder.output)
                .compare("side by side", wiring: wiring)
            #expect(status == ExitStatus.success, "\(recorder.err)")
            #expect(recorder.out.contains("side by side"))
            #expect(recorder.out.contains("demo:echo"))
            #expect(recorder.out.contains("demo:fast"))
        }
    }
}
