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

    /// `-f <(git diff)`: the shell hands over a pipe, which gives its bytes to one read only;
    /// `ask` and `compare` read each file once, so what the command wrote is what is sent.
    @Test func aPipeGivenWithDashFIsSentAsItsContent() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        func pipe(holding text: String) throws -> (path: String, fd: Int32) {
            var ends: [Int32] = [0, 0]
            #expect(Glibc.pipe(&ends) == 0)
            let writer = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
            try writer.write(contentsOf: Data(text.utf8))
            try writer.close()
            return ("/proc/self/fd/\(ends[0])", ends[0])
        }
        try await withWiring(in: home, demo: .ifUsed(["demo:echo", "demo:fast"])) { wiring in
            let asked = OutputRecorder()
            let diff = try pipe(holding: "-old line\n+new line\n")
            defer { close(diff.fd) }
            var options = HeadlessAsk.Options()
            options.model = "demo:echo"
            options.shape.files = [diff.path]
            let status = try await HeadlessAsk(options, output: asked.output).answer("review this", wiring: wiring)
            #expect(status == ExitStatus.success, "\(asked.err)")
            #expect(asked.out.contains("+new line"), "\(asked.out)")

            let compared = OutputRecorder()
            let notes = try pipe(holding: "call mum\n")
            defer { close(notes.fd) }
            var both = HeadlessCompare.Options()
            both.models = ["demo:echo", "demo:fast"]
            both.shape.files = [notes.path]
            #expect(try await HeadlessCompare(both, output: compared.output).compare("what now?", wiring: wiring) == ExitStatus.success,
                    "\(compared.err)")
            let stored = try await wiring.store.conversations(limit: 10)
            let question = try await wiring.store.messages(in: try #require(stored.first).conversation.id).first
            #expect(question?.content.contains("call mum") == true, "\(question?.content ?? "nothing stored")")
        }
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
